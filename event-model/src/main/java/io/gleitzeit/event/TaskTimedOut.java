package io.gleitzeit.event;

import java.time.Duration;
import java.util.Objects;

/**
 * An attempt ran past its deadline (or its service vanished and the lease ran out). Like {@link TaskFailed}, it is
 * terminal for the task unless a {@link TaskRetryScheduled} follows in the same commit.
 */
public record TaskTimedOut(String taskId, int attempt, Duration timeout) implements TaskEvent {
    public TaskTimedOut {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(timeout, "timeout");
    }
}
