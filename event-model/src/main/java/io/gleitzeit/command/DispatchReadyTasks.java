package io.gleitzeit.command;

import java.util.Objects;

/**
 * Capacity appeared (a service registered, or freed a slot): try again to dispatch the workflow's ready tasks that
 * found no eligible service before.
 */
public record DispatchReadyTasks(String reason) implements WorkflowCommand {
    public DispatchReadyTasks {
        Objects.requireNonNull(reason, "reason");
    }
}
