package io.gleitzeit.event;

/**
 * The service reported progress. Streamed LLM text chunks are relayed live and not recorded here.
 *
 * @param progress 0–100
 * @param message  free text, may be empty
 */
public record TaskProgressed(String taskId, int attempt, int progress, String message) implements TaskEvent {
    public TaskProgressed {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be within 0..100, was " + progress);
        }
        message = message == null ? "" : message;
    }
}
