package io.gleitzeit.log.redis;

import io.gleitzeit.log.StreamPosition;
import io.lettuce.core.StreamMessage;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a Redis stream as a consumer receives it.
 *
 * @param stream the stream's key
 * @param id     the entry id
 * @param fields its fields; empty when the entry was deleted (trimmed) while still pending
 */
public record StreamEntry(String stream, StreamPosition id, Map<String, String> fields) {
    /** The field naming the workflow an entry belongs to; entries of one workflow are handled in order. */
    public static final String WORKFLOW_FIELD = "wf";

    public StreamEntry {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** An entry as Lettuce read it. */
    static StreamEntry of(String stream, StreamMessage<String, String> message) {
        return new StreamEntry(stream, StreamPosition.parse(message.getId()), message.getBody());
    }

    /** The workflow the entry belongs to, when it names one. */
    public Optional<String> workflowId() {
        return Optional.ofNullable(fields.get(WORKFLOW_FIELD));
    }

    /** A field that must be present; fails naming the entry otherwise. */
    public String required(String field) {
        String value = fields.get(field);
        if (value == null) {
            throw new IllegalArgumentException("entry " + id.redisId() + " of " + stream + " has no field '" + field
                    + "'");
        }
        return value;
    }

    /** Whether the entry was deleted while pending (Redis then delivers its id without fields). */
    public boolean isDeleted() {
        return fields.isEmpty();
    }
}
