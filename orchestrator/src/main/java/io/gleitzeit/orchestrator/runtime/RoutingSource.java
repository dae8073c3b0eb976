package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import java.util.Objects;

/**
 * Where the decider gets the services it may route to, at the moment of each decision. In a cluster this is the
 * service registry and load projections; a fixed snapshot serves tools and tests that run without a hub.
 */
@FunctionalInterface
public interface RoutingSource {

    /** The services as they are now. */
    RoutingSnapshot current();

    /** Always the same snapshot. */
    static RoutingSource fixed(RoutingSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return () -> snapshot;
    }
}
