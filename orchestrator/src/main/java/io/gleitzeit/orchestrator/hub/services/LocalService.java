package io.gleitzeit.orchestrator.hub.services;

import io.gleitzeit.orchestrator.hub.transport.HubClient;
import java.util.Objects;

/**
 * A service whose socket this hub holds (or held, during the grace period after a disconnect).
 *
 * @param serviceId     its {@code node_id}
 * @param name          its name
 * @param client        its connection
 * @param maxConcurrent how many tasks it runs at once; the hub never has more assignments outstanding there
 */
public record LocalService(String serviceId, String name, HubClient client, int maxConcurrent) {
    public LocalService {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(client, "client");
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
        }
    }
}
