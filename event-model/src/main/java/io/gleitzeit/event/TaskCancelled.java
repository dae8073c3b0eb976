package io.gleitzeit.event;

import java.util.Objects;

/**
 * The task was stopped by a cancellation. {@code attempt} is the attempt that was running, or 0 when none was.
 */
public record TaskCancelled(String taskId, int attempt, String reason) implements TaskEvent {
    public TaskCancelled {
        Checks.text(taskId, "taskId");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
        Objects.requireNonNull(reason, "reason");
    }
}
