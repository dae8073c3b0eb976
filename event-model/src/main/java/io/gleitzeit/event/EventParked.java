package io.gleitzeit.event;

import java.util.Objects;

/**
 * A stream entry failed processing too often and was moved to the dead-letter stream; later entries of the same
 * workflow wait behind it until it is re-driven.
 *
 * @param stream     the stream it came from
 * @param entryId    its entry id there
 * @param group      the consumer group that gave up on it
 * @param workflowId its workflow, or {@code null}
 * @param deliveries how often it was delivered
 * @param reason     the last processing error
 */
public record EventParked(
        String stream, String entryId, String group, String workflowId, long deliveries, String reason)
        implements ClusterEvent {
    public EventParked {
        Checks.text(stream, "stream");
        Checks.text(entryId, "entryId");
        Checks.text(group, "group");
        Objects.requireNonNull(reason, "reason");
    }
}
