package io.gleitzeit.log.redis;

import io.gleitzeit.log.StreamPosition;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry a consumer group gave up on, as kept in its scope's dead-letter stream.
 *
 * @param position   where it stands in the dead-letter stream
 * @param stream     the stream it came from
 * @param entryId    its id there
 * @param group      the group that parked it
 * @param consumer   the consumer that parked it
 * @param deliveries how often it had been delivered
 * @param reason     the last processing error known
 * @param parkedAt   when it was parked
 * @param fields     its original fields
 */
public record DeadLetter(
        StreamPosition position, String stream, StreamPosition entryId, String group, String consumer,
        long deliveries, String reason, Instant parkedAt, Map<String, String> fields) {
    public DeadLetter {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(parkedAt, "parkedAt");
        fields = Map.copyOf(fields);
    }

    /** The workflow of the original entry, when it named one (its workflow is then parked until re-driven). */
    public Optional<String> workflowId() {
        return Optional.ofNullable(fields.get(StreamEntry.WORKFLOW_FIELD));
    }
}
