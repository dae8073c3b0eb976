package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.RoutingDecision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * The connected services and their load at one moment, as the decider routes against them. Immutable: a decision
 * that dispatches several tasks threads {@link #afterDispatch(String)} through its dispatches, so its own dispatches
 * count against capacity.
 *
 * <p>Choice: among the eligible services ({@link ServiceCandidate#isEligibleFor}), the least loaded
 * ({@link ServiceCandidate#LEAST_LOADED_FIRST}). Deterministic: the same snapshot and request always give the same
 * route.
 */
public final class RoutingSnapshot {
    /** Strategy name recorded when the least loaded eligible service was chosen. */
    public static final String LEAST_LOADED = "least_loaded";
    /** Strategy name recorded when the task was pinned to a service name. */
    public static final String PINNED = "pinned";

    private static final RoutingSnapshot EMPTY = new RoutingSnapshot(TreePMap.empty());

    private final PSortedMap<String, ServiceCandidate> services;

    private RoutingSnapshot(PSortedMap<String, ServiceCandidate> services) {
        this.services = services;
    }

    /** No services: nothing can be dispatched. */
    public static RoutingSnapshot empty() {
        return EMPTY;
    }

    /** A snapshot of these services; their ids must be unique. */
    public static RoutingSnapshot of(Collection<ServiceCandidate> candidates) {
        PSortedMap<String, ServiceCandidate> map = TreePMap.empty();
        for (ServiceCandidate c : candidates) {
            if (map.containsKey(c.serviceId())) {
                throw new IllegalArgumentException("candidates: duplicate service id " + c.serviceId());
            }
            map = map.plus(c.serviceId(), c);
        }
        return new RoutingSnapshot(map);
    }

    /** A snapshot of these services. */
    public static RoutingSnapshot of(ServiceCandidate... candidates) {
        return of(List.of(candidates));
    }

    /** The services, ordered by id. */
    public Collection<ServiceCandidate> candidates() {
        return services.values();
    }

    /** The service with that id, if connected. */
    public Optional<ServiceCandidate> candidate(String serviceId) {
        return Optional.ofNullable(services.get(serviceId));
    }

    /** Whether any healthy service has a free slot; when none has, no request can be routed. */
    public boolean hasCapacity() {
        for (ServiceCandidate c : services.values()) {
            if (c.healthy() && c.hasCapacity()) {
                return true;
            }
        }
        return false;
    }

    /** Every service the request may go to now, least loaded first. */
    public List<ServiceCandidate> eligible(RoutingRequest request) {
        Objects.requireNonNull(request, "request");
        List<ServiceCandidate> out = new ArrayList<>();
        for (ServiceCandidate c : services.values()) {
            if (c.isEligibleFor(request)) {
                out.add(c);
            }
        }
        out.sort(ServiceCandidate.LEAST_LOADED_FIRST);
        return out;
    }

    /** Where the request goes now, or empty when no service is eligible (the task then waits). */
    public Optional<Route> route(RoutingRequest request) {
        List<ServiceCandidate> eligible = eligible(request);
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        ServiceCandidate chosen = eligible.get(0);
        List<CandidateLoad> loads = new ArrayList<>(eligible.size());
        for (ServiceCandidate c : eligible) {
            loads.add(c.load());
        }
        String strategy = request.service() != null ? PINNED : LEAST_LOADED;
        String reason = (request.service() != null ? "pinned to '" + request.service() + "'; " : "")
                + "least loaded of " + eligible.size() + " eligible: " + chosen.name() + " (" + chosen.serviceId()
                + ") at " + chosen.inFlight() + "/" + chosen.maxConcurrent();
        return Optional.of(new Route(new DispatchTarget(chosen.serviceId(), chosen.name(), chosen.hubId(), null),
                new RoutingDecision(strategy, loads, reason)));
    }

    /** The snapshot after one more task was dispatched to {@code serviceId}. */
    public RoutingSnapshot afterDispatch(String serviceId) {
        ServiceCandidate c = services.get(serviceId);
        if (c == null) {
            throw new IllegalArgumentException("serviceId: no service " + serviceId + " in this snapshot");
        }
        return new RoutingSnapshot(services.plus(serviceId, c.withOneMoreInFlight()));
    }

    /** The snapshot without {@code serviceId}: the service is gone, nothing may be routed to it. */
    public RoutingSnapshot without(String serviceId) {
        return services.containsKey(serviceId) ? new RoutingSnapshot(services.minus(serviceId)) : this;
    }

    /**
     * The snapshot after an attempt on {@code serviceId} ended within the decision (completed, failed, timed out or
     * cancelled): its slot is free for the rest of the decision. A service no longer in the snapshot (it is gone) is
     * left as it is.
     */
    public RoutingSnapshot afterAttemptEnded(String serviceId) {
        ServiceCandidate c = services.get(serviceId);
        if (c == null || c.inFlight() == 0) {
            return this;
        }
        return new RoutingSnapshot(services.plus(serviceId, c.withOneLessInFlight()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutingSnapshot s && services.equals(s.services);
    }

    @Override
    public int hashCode() {
        return services.hashCode();
    }

    @Override
    public String toString() {
        return "RoutingSnapshot" + services.values();
    }
}
