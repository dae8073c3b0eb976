package io.gleitzeit.command;

/** A service reports progress ({@code task:progress}, without streamed chunks). */
public record ReportTaskProgress(String taskId, int attempt, int progress, String message) implements WorkflowCommand {
    public ReportTaskProgress {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        progress = Math.max(0, Math.min(100, progress));
        message = message == null ? "" : message;
    }
}
