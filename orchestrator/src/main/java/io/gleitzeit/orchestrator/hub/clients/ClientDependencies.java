package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import java.time.Clock;
import java.util.Objects;

/**
 * What the client handlers work with.
 *
 * @param log       reads workflows' events (status, duplicates) and sends the commands the decider acts on
 * @param summaries the workflow summaries projection, for {@code workflow:list}
 * @param parser    validates submitted documents; its limits must fit the transport's frame limit
 * @param clock     stamps the commands
 * @param hubId     names this hub as the issuer of its commands
 */
public record ClientDependencies(
        EventLog log, WorkflowSummaries summaries, WorkflowDocumentParser parser, Clock clock, String hubId) {
    public ClientDependencies {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(summaries, "summaries");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(hubId, "hubId");
        if (hubId.isBlank()) {
            throw new IllegalArgumentException("hubId must not be blank");
        }
    }
}
