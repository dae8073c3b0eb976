package io.gleitzeit.command;

import java.util.Objects;

/** Stop a workflow; running attempts are told to stop. Cancelling a finished workflow changes nothing. */
public record CancelWorkflow(String reason, String requestedBy) implements WorkflowCommand {
    public CancelWorkflow {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }
}
