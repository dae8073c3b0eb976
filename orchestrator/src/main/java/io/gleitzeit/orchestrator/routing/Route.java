package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.RoutingDecision;
import java.util.Objects;

/**
 * Where a task goes and why: the target and the figures of every eligible candidate, both recorded in the
 * {@code TaskDispatched} event so a replay never has to route again.
 */
public record Route(DispatchTarget target, RoutingDecision decision) {
    public Route {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(decision, "decision");
    }
}
