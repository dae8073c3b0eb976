package io.gleitzeit.protocol;

import java.util.List;

/**
 * {@code monitor:recent_events} (ext): sent once after {@code monitor:subscribed}, the latest events the hub saw,
 * oldest first, so that a new monitor does not start with an empty list.
 *
 * @param events the events
 */
@WirePayload
public record MonitorRecentEvents(List<MonitorEvent> events) {
    public MonitorRecentEvents {
        events = Require.list(events);
    }
}
