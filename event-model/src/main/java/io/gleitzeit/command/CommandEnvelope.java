package io.gleitzeit.command;

import java.time.Instant;
import java.util.Objects;

/**
 * A command with its metadata, as it travels on a feed stream.
 *
 * @param commandId     unique; deterministic where the source allows (a service report is
 *                      {@code <kind>:<task_id>:<attempt>}), and the causation id of the events it leads to
 * @param workflowId    the workflow it is for; decides the partition
 * @param issuedAt      when it was issued
 * @param issuer        who issued it (hub, timer service, tool)
 * @param correlationId ties a request's commands and events together
 * @param payload       the command
 */
public record CommandEnvelope(
        String commandId, String workflowId, Instant issuedAt, String issuer, String correlationId,
        WorkflowCommand payload) {
    public CommandEnvelope {
        Checks.text(commandId, "commandId");
        Checks.text(workflowId, "workflowId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(payload, "payload");
        correlationId = correlationId == null ? workflowId : correlationId;
    }
}
