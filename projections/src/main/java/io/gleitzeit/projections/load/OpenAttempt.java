package io.gleitzeit.projections.load;

import java.time.Instant;
import java.util.Objects;

/**
 * An attempt dispatched and not yet ended: where it went and when, so that its end is counted against the same
 * service and endpoint and its latency measured.
 *
 * @param serviceId    the service it went to
 * @param endpointId   the endpoint, or {@code null}
 * @param dispatchedAt when it was dispatched
 */
record OpenAttempt(String serviceId, String endpointId, Instant dispatchedAt) {
    OpenAttempt {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(dispatchedAt, "dispatchedAt");
    }

    /** The key of an attempt in the model's hash: {@code <task id>#<attempt>}. */
    static String key(String taskId, int attempt) {
        return taskId + "#" + attempt;
    }
}
