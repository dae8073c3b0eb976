package io.gleitzeit.replay.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the stored JSON array of a commit into {@link StoredEvent}s. A commit that cannot be read is kept, with the
 * reason, rather than thrown: the audit reports it and goes on with the rest.
 */
public final class CommitDecoder {
    private final EventCodec codec;

    public CommitDecoder(EventCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The codec the events are read with. */
    public EventCodec codec() {
        return codec;
    }

    /**
     * Decodes {@code encoded}, the stored array of one commit of {@code workflowId}.
     *
     * @param declaredCount the commit's {@code n} field, or -1 when the source has none
     */
    public StoredCommit decode(String workflowId, String source, long firstVersion, int declaredCount,
                               String encoded) {
        try {
            return new StoredCommit(workflowId, source, firstVersion, encoded,
                    events(workflowId, declaredCount, codec.mapper().readTree(encoded)), Optional.empty());
        } catch (JsonProcessingException e) {
            return unreadable(workflowId, source, firstVersion, encoded, "malformed JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            return unreadable(workflowId, source, firstVersion, encoded, e.getMessage());
        }
    }

    /** Decodes a commit whose stored array is already parsed (an export line). */
    public StoredCommit decode(String workflowId, String source, long firstVersion, JsonNode array) {
        String encoded = array.toString();
        try {
            return new StoredCommit(workflowId, source, firstVersion, encoded, events(workflowId, -1, array),
                    Optional.empty());
        } catch (RuntimeException e) {
            return unreadable(workflowId, source, firstVersion, encoded, e.getMessage());
        }
    }

    private List<StoredEvent> events(String workflowId, int declaredCount, JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalArgumentException("the events are not a non-empty JSON array");
        }
        if (declaredCount >= 0 && declaredCount != array.size()) {
            throw new IllegalArgumentException("field n is " + declaredCount + " but the commit holds "
                    + array.size() + " events");
        }
        List<StoredEvent> events = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            EventEnvelope<Event> envelope = codec.fromTree(node);
            if (!(envelope.payload() instanceof WorkflowEvent) || !workflowId.equals(envelope.workflowId())) {
                throw new IllegalArgumentException("event " + envelope.eventId() + " is not an event of workflow "
                        + workflowId);
            }
            @SuppressWarnings("unchecked")
            EventEnvelope<WorkflowEvent> event = (EventEnvelope<WorkflowEvent>) (EventEnvelope<?>) envelope;
            events.add(new StoredEvent((ObjectNode) node, event));
        }
        return events;
    }

    private static StoredCommit unreadable(String workflowId, String source, long firstVersion, String encoded,
                                           String problem) {
        return new StoredCommit(workflowId, source, firstVersion, encoded, List.of(), Optional.of(problem));
    }
}
