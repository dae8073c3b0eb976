package io.gleitzeit.command;

/**
 * A service reports progress ({@code task:progress}, without streamed chunks).
 *
 * @param endpointId the endpoint the attempt runs on from now on, when the report says so (an LLM service that moved
 *                   the attempt to another endpoint), else {@code null}; absent in commands written before
 */
public record ReportTaskProgress(String taskId, int attempt, int progress, String message, String endpointId)
        implements WorkflowCommand {
    public ReportTaskProgress {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        progress = Math.max(0, Math.min(100, progress));
        message = message == null ? "" : message;
        endpointId = endpointId == null || endpointId.isBlank() ? null : endpointId;
    }

    /** A report that names no endpoint. */
    public ReportTaskProgress(String taskId, int attempt, int progress, String message) {
        this(taskId, attempt, progress, message, null);
    }
}
