package io.gleitzeit.command;

/** A service says it started an attempt ({@code task:accepted}). */
public record ReportTaskAccepted(String taskId, int attempt, String serviceId) implements WorkflowCommand {
    public ReportTaskAccepted {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Checks.text(serviceId, "serviceId");
    }
}
