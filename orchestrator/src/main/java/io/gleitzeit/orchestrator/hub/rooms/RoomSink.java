package io.gleitzeit.orchestrator.hub.rooms;

import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import java.util.Objects;

/** Where room events go: the rooms of this hub's own connections. */
public interface RoomSink {

    /** Whether any connection of this hub is in {@code room}. */
    boolean hasMembers(String room);

    /** Sends {@code event} to every connection of this hub in {@code room}. */
    void send(String room, RoomEvent event);

    /** The rooms of a hub transport. */
    static RoomSink of(HubTransport transport) {
        Objects.requireNonNull(transport, "transport");
        return new RoomSink() {
            @Override
            public boolean hasMembers(String room) {
                return !transport.roomMembers(room).isEmpty();
            }

            @Override
            public void send(String room, RoomEvent event) {
                transport.broadcast(room, event.name(), event.payload());
            }
        };
    }
}
