package io.gleitzeit.command;

import io.gleitzeit.event.TaskError;
import java.util.Objects;

/** A service reports failure ({@code task:failed}, or a result shaped {@code {"success": false, "error": …}}). */
public record ReportTaskFailed(String taskId, int attempt, TaskError error, String serviceId)
        implements WorkflowCommand {
    public ReportTaskFailed {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(error, "error");
    }
}
