package io.gleitzeit.event;

import java.util.Objects;

/** The workflow was cancelled on request. Terminal. */
public record WorkflowCancelled(String reason, String requestedBy) implements WorkflowEvent {
    public WorkflowCancelled {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }
}
