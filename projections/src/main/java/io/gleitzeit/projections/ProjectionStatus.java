package io.gleitzeit.projections;

import io.gleitzeit.log.redis.GroupStats;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How far one read model is, as this projector sees it.
 *
 * @param model        the model's name
 * @param role         whether this process applies it
 * @param generation   the generation readers use, if one exists
 * @param streams      its group's figures per stream: length, lag, pending
 * @param undecodable  entries this process skipped because they could not be decoded
 */
public record ProjectionStatus(
        String model, ProjectionRole role, OptionalLong generation, List<GroupStats> streams, long undecodable) {
    public ProjectionStatus {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(generation, "generation");
        streams = List.copyOf(streams);
    }

    /** Entries not yet delivered to the group, over all streams (streams where Redis cannot tell count as 0). */
    public long lag() {
        return streams.stream().mapToLong(s -> s.lag().orElse(0)).sum();
    }

    /** Entries delivered but not yet acknowledged, over all streams. */
    public long pending() {
        return streams.stream().mapToLong(GroupStats::pending).sum();
    }
}
