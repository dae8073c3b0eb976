package io.gleitzeit.event;

import java.util.Objects;

/** The task will never run: a dependency failed, or the workflow stopped on an error. */
public record TaskSkipped(String taskId, String reason) implements TaskEvent {
    public TaskSkipped {
        Checks.text(taskId, "taskId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int attempt() {
        return 0;
    }
}
