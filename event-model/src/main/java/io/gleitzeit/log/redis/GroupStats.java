package io.gleitzeit.log.redis;

import io.gleitzeit.log.StreamPosition;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How far a consumer group is on one stream.
 *
 * @param stream            the stream
 * @param group             the group
 * @param length            entries in the stream
 * @param lag               entries not yet delivered to the group; empty when Redis cannot tell (after deletions)
 * @param pending           entries delivered but not acknowledged
 * @param oldestPendingIdle how long the oldest pending entry has waited since its last delivery; zero when none
 * @param lastDelivered     the last entry delivered to the group
 */
public record GroupStats(
        String stream, String group, long length, OptionalLong lag, long pending, Duration oldestPendingIdle,
        StreamPosition lastDelivered) {
    public GroupStats {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(oldestPendingIdle, "oldestPendingIdle");
        Objects.requireNonNull(lastDelivered, "lastDelivered");
    }
}
