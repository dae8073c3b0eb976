package io.gleitzeit.ops.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a soak run does: how long it submits, how many nodes and services it starts, how often it kills one of each
 * ({@link Duration#ZERO}: never), how many workflows it keeps in flight, and where Redis is (null: a fresh local
 * {@code redis-server}).
 */
public record SoakOptions(Duration duration, int nodes, int services, Duration killReplicaEvery,
                          Duration killServiceEvery, int inFlight, int partitions, String redisUrl, Path workDirectory,
                          Duration drainTimeout) {

    public SoakOptions {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(killReplicaEvery, "killReplicaEvery");
        Objects.requireNonNull(killServiceEvery, "killServiceEvery");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("minutes: must be positive, was " + duration);
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes: at least 1, was " + nodes);
        }
        if (services < 1) {
            throw new IllegalArgumentException("services: at least 1, was " + services);
        }
        if (killReplicaEvery.isNegative()) {
            throw new IllegalArgumentException("kill-replica-every: must not be negative");
        }
        if (killServiceEvery.isNegative()) {
            throw new IllegalArgumentException("kill-service-every: must not be negative");
        }
        if (!killReplicaEvery.isZero() && nodes < 2) {
            throw new IllegalArgumentException("kill-replica-every: needs --nodes 2 or more, so that one survives");
        }
        if (!killServiceEvery.isZero() && services < 2) {
            throw new IllegalArgumentException("kill-service-every: needs --services 2 or more, so that one survives");
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("in-flight: at least 1, was " + inFlight);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: at least 1, was " + partitions);
        }
    }
}
