package io.gleitzeit.cluster;

import io.gleitzeit.event.codec.GleitzeitJson;
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
 * The internal LLM service (provider {@code internal}: Ollama endpoints; docs/llm.md) as a cluster's
 * {@link EmbeddedService}, the same service {@code gleitzeit service llm} runs.
 */
final class InternalLlmService implements EmbeddedService {
    private final InternalLlmOptions options;

    InternalLlmService(InternalLlmOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public AutoCloseable start(String hubUrl, String token, Duration readyTimeout) throws Exception {
        InternalLlm internal = InternalLlm.start(options, GleitzeitJson.newMapper());
        int capacity = internal.pool().endpoints().stream().mapToInt(e -> e.config().maxConcurrent()).sum();
        GleitzeitServiceClient client = LlmService.of(List.of(internal.backend())).newClient(
                ServiceOptions.newBuilder().hubUrl(hubUrl).token(token).name("llm")
                        .maxConcurrent(Math.max(1, capacity)), Optional.of(internal));
        client.start();
        try {
            EmbeddedService.awaitRegistered(client, hubUrl, readyTimeout);
        } catch (Exception e) {
            client.close();
            internal.close();
            throw e;
        }
        return () -> {
            client.close();
            internal.close();
        };
    }
}
