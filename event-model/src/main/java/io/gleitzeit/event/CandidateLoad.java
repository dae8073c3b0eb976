package io.gleitzeit.event;

/**
 * The load figures of one candidate as the router saw them when it chose. {@code priority} and {@code dispatched} were
 * added with the routing strategies: a stored decision without them reads as 0 and {@code null}.
 *
 * @param serviceId     candidate service
 * @param endpointId    candidate endpoint, or {@code null}
 * @param inFlight      tasks in flight there
 * @param capacity      its concurrency limit
 * @param ewmaLatencyMs recent latency, or {@code null} when unknown
 * @param modelLoaded   whether the requested model was already loaded there
 * @param healthy       whether it was healthy
 * @param priority      the endpoint's declared priority (0 for services and endpoints without one)
 * @param dispatched    attempts dispatched to the endpoint so far (what {@code round_robin} evens out), or
 *                      {@code null} for a service without endpoints
 */
public record CandidateLoad(
        String serviceId, String endpointId, int inFlight, int capacity, Double ewmaLatencyMs, boolean modelLoaded,
        boolean healthy, int priority, Long dispatched) {
    public CandidateLoad {
        Checks.text(serviceId, "serviceId");
    }

    /** Figures without priority and dispatch count (a service without endpoints). */
    public CandidateLoad(String serviceId, String endpointId, int inFlight, int capacity, Double ewmaLatencyMs,
                         boolean modelLoaded, boolean healthy) {
        this(serviceId, endpointId, inFlight, capacity, ewmaLatencyMs, modelLoaded, healthy, 0, null);
    }
}
