package io.gleitzeit.event;

/**
 * The load figures of one candidate as the router saw them when it chose.
 *
 * @param serviceId     candidate service
 * @param endpointId    candidate endpoint, or {@code null}
 * @param inFlight      tasks in flight there
 * @param capacity      its concurrency limit
 * @param ewmaLatencyMs recent latency, or {@code null} when unknown
 * @param modelLoaded   whether the requested model was already loaded there
 * @param healthy       whether it was healthy
 */
public record CandidateLoad(
        String serviceId, String endpointId, int inFlight, int capacity, Double ewmaLatencyMs, boolean modelLoaded,
        boolean healthy) {
    public CandidateLoad {
        Checks.text(serviceId, "serviceId");
    }
}
