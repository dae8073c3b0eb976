package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * Where the decider gets the services it may route to, at the moment of each decision. In a cluster this is the
 * service registry and load projections; a fixed snapshot serves tools and tests that run without a hub.
 */
@FunctionalInterface
public interface RoutingSource {

    /** The services as they are now. */
    RoutingSnapshot current();

    /**
     * The events a decision of this replica has just yielded, to be appended. A source that counts dispatches from
     * the streams may count these at once: decisions run in parallel, and the next ones must see them before they come
     * back from the streams (a decision whose append conflicts is taken again for the same attempts).
     */
    default void decided(List<WorkflowEvent> events) {
    }

    /** Always the same snapshot. */
    static RoutingSource fixed(RoutingSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return () -> snapshot;
    }
}
