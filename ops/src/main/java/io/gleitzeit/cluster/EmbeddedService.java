package io.gleitzeit.cluster;

import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.llm.LlmService;
import io.gleitzeit.services.llm.ollama.InternalLlm;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
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
 * <p>The function service is one ({@link #functions}); others (the internal LLM service, HTTP, SQL) plug in the
 * same way through {@link ClusterOptions.Builder#service(EmbeddedService)}.
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
                return registered(client, "function", hubUrl, readyTimeout);
            }
        };
    }

    /**
     * The internal LLM service (provider {@code internal}) over the Ollama endpoints of {@code options}, running as
     * many tasks at once as its endpoints' {@code max_concurrent} add up to (docs/llm.md).
     */
    static EmbeddedService internalLlm(InternalLlmOptions options) {
        Objects.requireNonNull(options, "options");
        return new EmbeddedService() {
            @Override
            public String name() {
                return "llm";
            }

            @Override
            public AutoCloseable start(String hubUrl, String token, Duration readyTimeout) throws Exception {
                InternalLlm internal = InternalLlm.start(options, GleitzeitJson.newMapper());
                LlmService service = LlmService.of(List.of(internal.backend()));
                int capacity = internal.pool().endpoints().stream().mapToInt(e -> e.config().maxConcurrent()).sum();
                GleitzeitServiceClient client = service.newClient(ServiceOptions.newBuilder().hubUrl(hubUrl)
                        .token(token).name("llm").maxConcurrent(Math.max(1, capacity)), Optional.of(internal));
                try {
                    registered(client, "internal LLM", hubUrl, readyTimeout);
                } catch (Exception e) {
                    internal.close();
                    throw e;
                }
                return () -> {
                    client.close();
                    service.close();
                    internal.close();
                };
            }
        };
    }

    /** Starts {@code client} and waits until a hub acknowledged its registration. */
    private static GleitzeitServiceClient registered(GleitzeitServiceClient client, String what, String hubUrl,
                                                     Duration readyTimeout) throws InterruptedException {
        client.start();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!client.status().registered()) {
            if (System.nanoTime() > deadline) {
                client.close();
                throw new IllegalStateException("the " + what + " service did not register with " + hubUrl
                        + " within " + readyTimeout);
            }
            Thread.sleep(20);
        }
        return client;
    }
}
