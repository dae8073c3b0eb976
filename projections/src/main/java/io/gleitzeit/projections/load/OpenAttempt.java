package io.gleitzeit.projections.load;

import java.time.Instant;
import java.util.Objects;

/**
 * An attempt dispatched and not yet ended: where it went and when, so that its end is counted against the same
 * service and endpoint and its latency measured.
 *
 * @param serviceId    the service it went to
 * @param endpointId   the endpoint it runs on (the dispatch's, or the one the service moved it to), or {@code null}
 * @param dispatchedAt when it was dispatched
 */
record OpenAttempt(String serviceId, String endpointId, Instant dispatchedAt) {
    OpenAttempt {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(dispatchedAt, "dispatchedAt");
    }

    /** The same attempt, running on another endpoint of its service. */
    OpenAttempt onEndpoint(String endpoint) {
        return new OpenAttempt(serviceId, endpoint, dispatchedAt);
    }

    /** The key of an attempt in the model's hash: {@code <task id>#<attempt>}. */
    static String key(String taskId, int attempt) {
        return taskId + "#" + attempt;
    }
}
