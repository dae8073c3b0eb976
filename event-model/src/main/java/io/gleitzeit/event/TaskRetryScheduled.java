package io.gleitzeit.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Another attempt will be made once the backoff elapses.
 *
 * @param attempt the attempt that will be made (the failed one plus one)
 * @param delay   the backoff, jitter included
 * @param dueAt   when the attempt becomes ready
 */
public record TaskRetryScheduled(String taskId, int attempt, Duration delay, Instant dueAt) implements TaskEvent {
    public TaskRetryScheduled {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(dueAt, "dueAt");
    }
}
