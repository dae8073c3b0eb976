package io.gleitzeit.projections.load;

import java.util.Objects;

/**
 * The load of one service, from dispatch and completion events.
 *
 * @param serviceId      the service
 * @param inFlight       attempts dispatched to it and not yet ended (never negative)
 * @param capacity       its {@code max_concurrent} from its registration; 0 before it registered
 * @param tasksCompleted attempts it completed
 * @param tasksFailed    attempts of it that failed or timed out
 * @param ewmaLatencyMs  smoothed completion latency, or {@code null} before the first completion
 */
public record ServiceLoad(
        String serviceId, int inFlight, int capacity, long tasksCompleted, long tasksFailed, Double ewmaLatencyMs) {
    public ServiceLoad {
        Objects.requireNonNull(serviceId, "serviceId");
    }

    static ServiceLoad empty(String serviceId) {
        return new ServiceLoad(serviceId, 0, 0, 0, 0, null);
    }

    ServiceLoad withInFlight(int value) {
        return new ServiceLoad(serviceId, value, capacity, tasksCompleted, tasksFailed, ewmaLatencyMs);
    }

    ServiceLoad withCapacity(int value) {
        return new ServiceLoad(serviceId, inFlight, value, tasksCompleted, tasksFailed, ewmaLatencyMs);
    }

    ServiceLoad completed(Double ewma) {
        return new ServiceLoad(serviceId, inFlight, capacity, tasksCompleted + 1, tasksFailed, ewma);
    }

    ServiceLoad failed() {
        return new ServiceLoad(serviceId, inFlight, capacity, tasksCompleted, tasksFailed + 1, ewmaLatencyMs);
    }
}
