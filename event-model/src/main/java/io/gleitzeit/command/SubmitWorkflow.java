package io.gleitzeit.command;

import io.gleitzeit.definition.WorkflowDefinition;
import java.util.Objects;

/** Start a validated workflow. Submitting an id that already exists changes nothing. */
public record SubmitWorkflow(WorkflowDefinition definition, String submittedBy) implements WorkflowCommand {
    public SubmitWorkflow {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(submittedBy, "submittedBy");
    }
}
