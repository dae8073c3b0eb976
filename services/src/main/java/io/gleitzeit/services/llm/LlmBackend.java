package io.gleitzeit.services.llm;

import io.gleitzeit.services.sdk.TaskContext;
import java.util.List;

/**
 * Something that answers {@link LlmRequest}s: the pool of Ollama endpoints, or one external provider. Failures are
 * thrown as {@link io.gleitzeit.services.sdk.TaskFailedException} with their retryability.
 */
public interface LlmBackend extends AutoCloseable {

    /** The provider name tasks use to reach it: {@code internal}, {@code openai}, or a custom provider's name. */
    String provider();

    /** The models it announces at registration (may be empty: any model is tried). */
    List<String> models();

    /**
     * Answers one request; streamed text goes to {@link TaskContext#chunk(String)} as it arrives.
     *
     * @throws InterruptedException when the task was cancelled or ran out of time
     */
    LlmReply generate(LlmRequest request, TaskContext context) throws InterruptedException;

    @Override
    default void close() {
    }
}
