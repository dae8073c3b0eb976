package io.gleitzeit.cluster;

import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.llm.LlmService;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.provider.ProviderBackend;
import io.gleitzeit.services.llm.provider.ProviderOptions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service a {@link GleitzeitCluster} starts beside its node and stops with it. It connects to the node's hub over
 * the same Socket.IO protocol as any external service; the cluster only hands it the hub's URL.
 *
 * <p>The function service ({@link #functions}) and the internal LLM service ({@link #internalLlm}) are two; others
 * (HTTP, SQL, your own) plug in the same way through {@link ClusterOptions.Builder#service(EmbeddedService)}.
 */
public interface EmbeddedService {

    /** A short name for logs and errors. */
    String name();

    /**
     * Starts the service against the hub at {@code hubUrl} and returns once it is registered (or the timeout
     * passed, which is an error).
     *
     * @return what stops it
     */
    AutoCloseable start(String hubUrl, String token, Duration readyTimeout) throws Exception;

    /** The internal LLM service over the Ollama endpoints of {@code options} (docs/llm.md). */
    static EmbeddedService internalLlm(InternalLlmOptions options) {
        return new InternalLlmService(options);
    }

    /** Waits until {@code client} is registered with its hub. */
    static void awaitRegistered(GleitzeitServiceClient client, String hubUrl, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!client.status().registered()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + client.options().name() + " service did not register with "
                        + hubUrl + " within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /**
     * An external LLM provider's service (OpenAI, Anthropic, Gemini or an OpenAI-compatible server; docs/llm.md), the
     * same service {@code gleitzeit service openai|anthropic|gemini|custom} runs.
     */
    static EmbeddedService provider(ProviderOptions options) {
        Objects.requireNonNull(options, "options");
        return new EmbeddedService() {
            @Override
            public String name() {
                return options.name();
            }

            @Override
            public AutoCloseable start(String hubUrl, String token, Duration readyTimeout) throws Exception {
                GleitzeitServiceClient client = LlmService.of(List.of(ProviderBackend.of(options,
                        GleitzeitJson.newMapper()))).newClient(ServiceOptions.newBuilder().hubUrl(hubUrl).token(token)
                        .name(options.name()).maxConcurrent(8), Optional.empty());
                client.start();
                try {
                    awaitRegistered(client, hubUrl, readyTimeout);
                } catch (Exception e) {
                    client.close();
                    throw e;
                }
                return client;
            }
        };
    }

    /** The Java function service with the functions of {@code registry}, running {@code workers} tasks at once. */
    static EmbeddedService functions(FunctionRegistry registry, int workers) {
        Objects.requireNonNull(registry, "registry");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        return new EmbeddedService() {
            @Override
            public String name() {
                return "functions";
            }

            @Override
            public AutoCloseable start(String hubUrl, String token, Duration readyTimeout) throws Exception {
                GleitzeitServiceClient client = FunctionService.of(registry).newClient(ServiceOptions.newBuilder()
                        .hubUrl(hubUrl).token(token).name("functions").maxConcurrent(workers));
                client.start();
                try {
                    awaitRegistered(client, hubUrl, readyTimeout);
                } catch (Exception e) {
                    client.close();
                    throw e;
                }
                return client;
            }
        };
    }
}
