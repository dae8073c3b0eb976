package io.gleitzeit.command;

import java.util.Objects;

/**
 * A service is gone (disconnected or silent past its heartbeat timeout): the workflow's attempts running there fail
 * as retryable and are dispatched again elsewhere as new attempts.
 */
public record ReleaseServiceTasks(String serviceId, String reason) implements WorkflowCommand {
    public ReleaseServiceTasks {
        Checks.text(serviceId, "serviceId");
        Objects.requireNonNull(reason, "reason");
    }
}
