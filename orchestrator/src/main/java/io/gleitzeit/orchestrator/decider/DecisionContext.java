package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a decision may depend on besides the workflow's state and the command, passed in so the decider stays
 * pure: the time of the decision and the services it may dispatch to.
 *
 * @param now     the decision time; deadlines and due times are computed from it, and the events it yields must be
 *                recorded with it as their {@code occurredAt}
 * @param routing the connected services and their load
 */
public record DecisionContext(Instant now, RoutingSnapshot routing) {
    public DecisionContext {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(routing, "routing");
    }
}
