package io.gleitzeit.event;

/**
 * Every dependency of the task completed (or, for a retry, its backoff elapsed): the attempt may be dispatched as soon
 * as an eligible service has capacity.
 */
public record TaskReady(String taskId, int attempt) implements TaskEvent {
    public TaskReady {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
    }
}
