package io.gleitzeit.replay.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import java.util.Objects;

/**
 * One event of a workflow's history, in both forms: the JSON object as stored (what {@code timeline --json} and
 * {@code export} show) and the decoded envelope (what the fold and the audit use).
 *
 * @param stored   the stored JSON object, wire type and schema version included
 * @param envelope the decoded (and, for older schema versions, upcast) event
 */
public record StoredEvent(ObjectNode stored, EventEnvelope<WorkflowEvent> envelope) {
    public StoredEvent {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(envelope, "envelope");
    }

    /** The wire name of the event's type as stored ({@code task.dispatched}, …). */
    public String wireType() {
        return stored.path("type").asText();
    }
}
