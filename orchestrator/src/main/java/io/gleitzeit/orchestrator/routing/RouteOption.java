package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.CandidateLoad;
import java.util.Comparator;
import java.util.Objects;

/**
 * A place a task may go: a service, or one endpoint of it, with the figures the strategies rank by ({@link
 * EndpointStrategy}).
 *
 * @param service  the service
 * @param endpoint one of its endpoints, or {@code null} when the task goes to the service as a whole
 */
public record RouteOption(ServiceCandidate service, EndpointCandidate endpoint) {
    /** Lower share {@code inFlight / capacity} first, cross-multiplied so equal shares compare equal. */
    static final Comparator<RouteOption> LOWER_SHARE_FIRST =
            (a, b) -> Long.compare((long) a.inFlight() * b.capacity(), (long) b.inFlight() * a.capacity());
    /** Higher priority first. */
    static final Comparator<RouteOption> HIGHER_PRIORITY_FIRST =
            Comparator.comparingInt(RouteOption::priority).reversed();
    /** Service id, then endpoint id: the last tie-break, so that a choice never depends on iteration order. */
    static final Comparator<RouteOption> BY_IDS = Comparator
            .<RouteOption, String>comparing(o -> o.service().serviceId())
            .thenComparing(o -> o.endpoint() == null ? "" : o.endpoint().endpointId());

    public RouteOption {
        Objects.requireNonNull(service, "service");
    }

    /**
     * A tie-break that differs per attempt: the options ranked by a hash of the attempt key and their ids (rendezvous
     * hashing), then by ids; only by ids when there is no key. Deterministic for the same attempt.
     */
    static Comparator<RouteOption> spreadBy(String attemptKey) {
        if (attemptKey == null) {
            return BY_IDS;
        }
        return Comparator.comparingInt((RouteOption o) -> mix((attemptKey + "|" + o.service().serviceId() + "|"
                + (o.endpoint() == null ? "" : o.endpoint().endpointId())).hashCode())).thenComparing(BY_IDS);
    }

    /** Spreads a hash code's bits (the murmur3 finaliser), so that similar keys rank differently. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** Endpoints holding the model in memory first (no cold load). */
    static Comparator<RouteOption> modelLoadedFirst(String model) {
        return Comparator.comparing(o -> !o.modelLoaded(model));
    }

    /** Attempts in flight there. */
    public int inFlight() {
        return endpoint == null ? service.inFlight() : endpoint.inFlight();
    }

    /** Its concurrency limit: the endpoint's, else the service's. */
    public int capacity() {
        return endpoint == null ? service.maxConcurrent() : endpoint.capacity();
    }

    /** The endpoint's smoothed latency, or {@code null} when unmeasured or not an endpoint. */
    public Double latency() {
        return endpoint == null ? null : endpoint.ewmaLatencyMs();
    }

    /** The endpoint's declared priority; 0 for a service. */
    public int priority() {
        return endpoint == null ? 0 : endpoint.priority();
    }

    /** Attempts dispatched to the endpoint so far; 0 for a service. */
    public long dispatched() {
        return endpoint == null ? 0 : endpoint.dispatched();
    }

    /** Whether the endpoint holds the model in memory. */
    public boolean modelLoaded(String model) {
        return endpoint != null && endpoint.hasLoaded(model);
    }

    boolean avoided(RoutingRequest request) {
        return request.isAvoided(service.serviceId(), endpoint == null ? null : endpoint.endpointId());
    }

    /** Its figures as recorded in a routing decision. */
    public CandidateLoad load(String model) {
        return endpoint == null ? service.load() : endpoint.load(service.serviceId(), model);
    }

    /** {@code llm (svc-1) endpoint gpu2 at 1/4, priority 2}. */
    public String describe() {
        return service.name() + " (" + service.serviceId() + ")"
                + (endpoint == null ? "" : " endpoint " + endpoint.endpointId()) + " at " + inFlight() + "/"
                + capacity() + (priority() == 0 ? "" : ", priority " + priority());
    }
}
