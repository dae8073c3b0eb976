package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.RoutingDecision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * The connected services and their load at one moment, as the decider routes against them. Immutable: a decision
 * that dispatches several tasks threads {@link #afterDispatch(DispatchTarget)} through its dispatches, so its own
 * dispatches count against capacity.
 *
 * <p>Choice: among the eligible services ({@link ServiceCandidate#isEligibleFor}) — and, for a task of the internal
 * LLM provider, their eligible endpoints — the first in the order of the strategy the services declared
 * ({@link EndpointStrategy}; least loaded for services without endpoints); a retry prefers anything other than where
 * its previous attempt failed. Deterministic: the same snapshot and request always give the same route.
 */
public final class RoutingSnapshot {
    /** Strategy name recorded when the least loaded eligible service (or endpoint) was chosen: the default. */
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

    /**
     * Where the request goes now, or empty when nothing is eligible (the task then waits). A task for the internal
     * provider on a service with endpoints goes to one of its endpoints: every eligible endpoint of every eligible
     * service competes, in the order described above.
     */
    public Optional<Route> route(RoutingRequest request) {
        List<RouteOption> options = new ArrayList<>();
        for (ServiceCandidate c : eligible(request)) {
            if (c.routesToEndpoints(request)) {
                for (EndpointCandidate e : c.eligibleEndpoints(request)) {
                    options.add(new RouteOption(c, e));
                }
            } else {
                options.add(new RouteOption(c, null));
            }
        }
        if (options.isEmpty()) {
            return Optional.empty();
        }
        StrategyChoice choice = StrategyChoice.of(options);
        options.sort(Comparator.<RouteOption, Boolean>comparing(o -> o.avoided(request))
                .thenComparing(choice.strategy().order(request)));
        RouteOption chosen = options.get(0);
        List<CandidateLoad> loads = new ArrayList<>(options.size());
        for (RouteOption o : options) {
            loads.add(o.load(request.model()));
        }
        String figure = chosen.endpoint() == null ? "" : choice.strategy().decidingFigure(chosen, request.model());
        String strategy = request.service() != null ? PINNED : choice.strategy().wireName();
        String reason = (request.service() != null ? "pinned to '" + request.service() + "'; " : "")
                + choice.strategy().wireName().replace('_', ' ') + " of " + options.size() + " eligible: "
                + chosen.describe() + (figure.isEmpty() ? "" : ", " + figure) + choice.note()
                + (request.avoid() != null && chosen.avoided(request) ? "; only the failed one is eligible"
                : request.avoid() != null ? "; avoiding " + describe(request.avoid()) + " where it failed" : "");
        ServiceCandidate s = chosen.service();
        return Optional.of(new Route(new DispatchTarget(s.serviceId(), s.name(), s.hubId(),
                chosen.endpoint() == null ? null : chosen.endpoint().endpointId()),
                new RoutingDecision(strategy, loads, reason)));
    }

    /**
     * The strategy that ranks the options: the one their services declared, when every option is an endpoint and
     * the services agree; else {@code least_loaded} (tasks for services without endpoints, or endpoints of services
     * that declared different strategies, which no one of them can settle).
     */
    private record StrategyChoice(EndpointStrategy strategy, String note) {
        static StrategyChoice of(List<RouteOption> options) {
            Map<String, String> declared = new TreeMap<>();
            for (RouteOption o : options) {
                if (o.endpoint() == null) {
                    return new StrategyChoice(EndpointStrategy.DEFAULT, "");
                }
                declared.put(o.service().serviceId(), o.service().strategy().wireName());
            }
            if (new HashSet<>(declared.values()).size() == 1) {
                return new StrategyChoice(options.get(0).service().strategy(), "");
            }
            return new StrategyChoice(EndpointStrategy.DEFAULT, " (the services declare different strategies "
                    + declared + ")");
        }
    }

    /** The snapshot after one more task was dispatched to {@code serviceId}. */
    public RoutingSnapshot afterDispatch(String serviceId) {
        ServiceCandidate c = services.get(serviceId);
        if (c == null) {
            throw new IllegalArgumentException("serviceId: no service " + serviceId + " in this snapshot");
        }
        return new RoutingSnapshot(services.plus(serviceId, c.withOneMoreInFlight(null)));
    }

    /** The snapshot after one more task was dispatched to the target (its service, and endpoint if it has one). */
    public RoutingSnapshot afterDispatch(DispatchTarget target) {
        ServiceCandidate c = services.get(target.serviceId());
        if (c == null) {
            throw new IllegalArgumentException("target.serviceId: no service " + target.serviceId()
                    + " in this snapshot");
        }
        return new RoutingSnapshot(services.plus(c.serviceId(), c.withOneMoreInFlight(target.endpointId())));
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
        return afterAttemptEnded(serviceId, null);
    }

    /** As {@link #afterAttemptEnded(String)}, freeing the endpoint's slot too when the attempt went to one. */
    public RoutingSnapshot afterAttemptEnded(DispatchTarget target) {
        return afterAttemptEnded(target.serviceId(), target.endpointId());
    }

    private RoutingSnapshot afterAttemptEnded(String serviceId, String endpointId) {
        ServiceCandidate c = services.get(serviceId);
        // counts never go below zero (withOneLessInFlight clamps), whichever of service and endpoint is at zero
        return c == null ? this : new RoutingSnapshot(services.plus(serviceId, c.withOneLessInFlight(endpointId)));
    }

    private static String describe(DispatchTarget t) {
        return t.serviceId() + (t.endpointId() == null ? "" : "/" + t.endpointId());
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
