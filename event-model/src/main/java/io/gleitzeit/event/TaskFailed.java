package io.gleitzeit.event;

import java.util.Objects;

/**
 * An attempt failed. When the same commit also holds a {@link TaskRetryScheduled} for the task, the task goes on;
 * otherwise this failure is terminal for the task.
 */
public record TaskFailed(String taskId, int attempt, TaskError error) implements TaskEvent {
    public TaskFailed {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(error, "error");
    }
}
