package io.gleitzeit.orchestrator.hub.rooms;

import java.util.Objects;

/**
 * One event for a workflow's room.
 *
 * @param name    the Socket.IO event name ({@code workflow:started}, {@code task:completed}, …)
 * @param payload its payload, a wire record of {@code io.gleitzeit.protocol}
 */
public record RoomEvent(String name, Object payload) {
    public RoomEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
    }
}
