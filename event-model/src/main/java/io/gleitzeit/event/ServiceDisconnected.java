package io.gleitzeit.event;

import java.util.Objects;

/** A service's socket closed, or it missed its heartbeats. Its unfinished attempts are re-dispatched. */
public record ServiceDisconnected(String serviceId, String reason) implements ClusterEvent {
    public ServiceDisconnected {
        Checks.text(serviceId, "serviceId");
        Objects.requireNonNull(reason, "reason");
    }
}
