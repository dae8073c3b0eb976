package io.gleitzeit.event;

import java.util.Objects;

/**
 * A service's socket closed, or it missed its heartbeats. Its unfinished attempts are re-dispatched.
 *
 * @param serviceId the service
 * @param reason    why it was released
 * @param session   the connection that ended (the {@link ServiceRegistered#session()} it was registered over): a
 *                  disconnect of an earlier connection does not end a newer registration, whatever order the two
 *                  events were appended in; {@code null} in events written before it was recorded, which end any
 */
public record ServiceDisconnected(String serviceId, String reason, String session) implements ClusterEvent {
    public ServiceDisconnected {
        Checks.text(serviceId, "serviceId");
        Objects.requireNonNull(reason, "reason");
    }

    /** A disconnect without a recorded connection (as written before sessions were recorded). */
    public ServiceDisconnected(String serviceId, String reason) {
        this(serviceId, reason, null);
    }

    /** Whether this disconnect ends the registration made over {@code registeredSession}. */
    public boolean ends(String registeredSession) {
        return session == null || registeredSession == null || session.equals(registeredSession);
    }
}
