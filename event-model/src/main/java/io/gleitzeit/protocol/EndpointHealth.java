package io.gleitzeit.protocol;

import java.util.List;

/**
 * (ext) The state of one endpoint, reported with each heartbeat.
 *
 * @param endpointId     which endpoint
 * @param healthy        whether it answers
 * @param inFlight       requests it is working on now, as the service sees them
 * @param loadedModels   models currently in its memory (Ollama {@code /api/ps})
 * @param vramUsedBytes  GPU memory in use, or {@code null} when unknown
 * @param vramTotalBytes GPU memory in total, or {@code null} when unknown
 * @param ewmaLatencyMs  smoothed request latency, or {@code null} when unknown
 */
@WirePayload
public record EndpointHealth(
        String endpointId, boolean healthy, int inFlight, List<String> loadedModels, Long vramUsedBytes,
        Long vramTotalBytes, Double ewmaLatencyMs) {
    public EndpointHealth {
        Require.text(endpointId, "endpoint_id");
        Require.nonNegative(inFlight, "in_flight");
        loadedModels = Require.list(loadedModels);
    }
}
