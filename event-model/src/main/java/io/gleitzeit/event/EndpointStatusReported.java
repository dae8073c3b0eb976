package io.gleitzeit.event;

import java.util.List;
import java.util.Objects;

/**
 * An endpoint's health and GPU figures as its service reported them (from Ollama's {@code /api/ps} and
 * {@code /api/tags}). In-flight counts used for routing come from dispatch and completion events, not from here.
 */
public record EndpointStatusReported(
        String serviceId, String endpointId, boolean healthy, int inFlight, List<String> loadedModels,
        long vramUsedBytes, long vramTotalBytes, Double ewmaLatencyMs) implements ClusterEvent {
    public EndpointStatusReported {
        Checks.text(serviceId, "serviceId");
        Checks.text(endpointId, "endpointId");
        loadedModels = List.copyOf(Objects.requireNonNullElse(loadedModels, List.of()));
    }
}
