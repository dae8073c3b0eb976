package io.gleitzeit.event;

import io.gleitzeit.definition.WorkflowDefinition;
import java.util.Objects;

/**
 * A valid workflow document was accepted. Always the first event of a workflow's stream (version 1).
 *
 * @param definition  the validated document, with its final workflow id
 * @param submittedBy the submitting principal (token name or connection), for audits
 */
public record WorkflowSubmitted(WorkflowDefinition definition, String submittedBy) implements WorkflowEvent {
    public WorkflowSubmitted {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(submittedBy, "submittedBy");
    }
}
