package io.gleitzeit.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event with its metadata, as stored. The wire form adds {@code type} and {@code schema_version} from the type
 * registry, and {@code task_id}/{@code attempt} copied from task events so consumers can filter without decoding.
 *
 * @param eventId       deterministic: derived from the causing input and the event's index in the decision, so a
 *                      re-decided input yields the same ids
 * @param workflowId    the workflow, or {@code null} for cluster events
 * @param version       position in the workflow's stream, from 1; 0 for cluster events
 * @param occurredAt    when the decision was made
 * @param causationId   the id of the input (command) or event that caused it
 * @param correlationId ties everything of one request together (usually the workflow id)
 * @param producer      who appended it (replica or hub id)
 * @param payload       the event
 * @param <E>           the event type
 */
public record EventEnvelope<E extends Event>(
        String eventId, String workflowId, long version, Instant occurredAt, String causationId, String correlationId,
        String producer, E payload) {
    public EventEnvelope {
        Checks.text(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(producer, "producer");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
        if (payload instanceof WorkflowEvent && !(payload instanceof UnknownEvent) && (workflowId == null || version < 1)) {
            throw new IllegalArgumentException("a workflow event needs a workflow id and a version from 1");
        }
    }

    /** The task id when the payload is a task event, else {@code null}. */
    public String taskId() {
        return payload instanceof TaskEvent t ? t.taskId() : null;
    }

    /** The attempt when the payload is a task event, else 0. */
    public int attempt() {
        return payload instanceof TaskEvent t ? t.attempt() : 0;
    }
}
