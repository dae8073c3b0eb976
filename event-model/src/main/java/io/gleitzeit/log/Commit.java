package io.gleitzeit.log;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import java.util.List;
import java.util.Objects;

/**
 * The events of one append as read back: one entry of a workflow's stream and of its partition's event stream.
 *
 * @param position where it stands in the stream it was read from
 */
public record Commit(StreamPosition position, String workflowId, List<EventEnvelope<WorkflowEvent>> events) {
    public Commit {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(workflowId, "workflowId");
        events = List.copyOf(events);
    }

    /** The version of the first event. */
    public long firstVersion() {
        return events.get(0).version();
    }

    /** The version of the last event. */
    public long lastVersion() {
        return events.get(events.size() - 1).version();
    }
}
