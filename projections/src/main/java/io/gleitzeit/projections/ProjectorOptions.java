package io.gleitzeit.projections;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link Projector} (and a {@link ProjectionRebuild}) applies read models: batch size and pace, the lease,
 * and how long a replaced generation stays readable. Immutable; {@link #newBuilder()} applies the
 * {@code DEFAULT_*} values.
 */
public final class ProjectorOptions {
    /** Entries read per stream and batch. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** How long one read waits for new entries. */
    public static final Duration DEFAULT_BLOCK = Duration.ofMillis(200);
    /**
     * The least time between two flushes while the streams are not backed up: entries arriving meanwhile are
     * applied together, so the Redis commands per event fall as the event rate rises.
     */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
    /** How long a lease lives without renewal; it is renewed every third of this. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
    /** How often a standby tries to take the lease. */
    public static final Duration DEFAULT_STANDBY_POLL = Duration.ofSeconds(1);
    /** How long the runner waits after a failure (Redis unreachable) before it tries again. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    /** How long the keys of a generation replaced by a rebuild stay readable before they expire. */
    public static final Duration DEFAULT_RETIRE_AFTER = Duration.ofMinutes(1);
    /** How often a rebuild catches up with the live generation before it gives up swapping. */
    public static final int DEFAULT_MAX_SWAP_ATTEMPTS = 20;

    private final String owner;
    private final int batchSize;
    private final Duration block;
    private final Duration flushInterval;
    private final Duration leaseTtl;
    private final Duration standbyPoll;
    private final Duration retryDelay;
    private final Duration retireAfter;
    private final int maxSwapAttempts;

    private ProjectorOptions(Builder b) {
        this.owner = b.owner;
        this.batchSize = b.batchSize;
        this.block = b.block;
        this.flushInterval = b.flushInterval;
        this.leaseTtl = b.leaseTtl;
        this.standbyPoll = b.standbyPoll;
        this.retryDelay = b.retryDelay;
        this.retireAfter = b.retireAfter;
        this.maxSwapAttempts = b.maxSwapAttempts;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** The defaults. */
    public static ProjectorOptions defaults() {
        return newBuilder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.owner = owner;
        b.batchSize = batchSize;
        b.block = block;
        b.flushInterval = flushInterval;
        b.leaseTtl = leaseTtl;
        b.standbyPoll = standbyPoll;
        b.retryDelay = retryDelay;
        b.retireAfter = retireAfter;
        b.maxSwapAttempts = maxSwapAttempts;
        return b;
    }

    /** Who this process is, in lease tokens (default: the JVM's name). */
    public String owner() {
        return owner;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration block() {
        return block;
    }

    public Duration flushInterval() {
        return flushInterval;
    }

    public Duration leaseTtl() {
        return leaseTtl;
    }

    public Duration standbyPoll() {
        return standbyPoll;
    }

    public Duration retryDelay() {
        return retryDelay;
    }

    public Duration retireAfter() {
        return retireAfter;
    }

    public int maxSwapAttempts() {
        return maxSwapAttempts;
    }

    /** Builds {@link ProjectorOptions}; {@link #build()} checks every value and names the one that is wrong. */
    public static final class Builder {
        private String owner = ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration block = DEFAULT_BLOCK;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration standbyPoll = DEFAULT_STANDBY_POLL;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private Duration retireAfter = DEFAULT_RETIRE_AFTER;
        private int maxSwapAttempts = DEFAULT_MAX_SWAP_ATTEMPTS;

        private Builder() {
        }

        public Builder owner(String value) {
            owner = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder block(Duration value) {
            block = value;
            return this;
        }

        public Builder flushInterval(Duration value) {
            flushInterval = value;
            return this;
        }

        public Builder leaseTtl(Duration value) {
            leaseTtl = value;
            return this;
        }

        public Builder standbyPoll(Duration value) {
            standbyPoll = value;
            return this;
        }

        public Builder retryDelay(Duration value) {
            retryDelay = value;
            return this;
        }

        public Builder retireAfter(Duration value) {
            retireAfter = value;
            return this;
        }

        public Builder maxSwapAttempts(int value) {
            maxSwapAttempts = value;
            return this;
        }

        public ProjectorOptions build() {
            if (owner == null || owner.isBlank()) {
                throw new IllegalArgumentException("owner must not be blank");
            }
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize must be within 1..10000, was " + batchSize);
            }
            positive(block, "block");
            notNegative(flushInterval, "flushInterval");
            positive(leaseTtl, "leaseTtl");
            positive(standbyPoll, "standbyPoll");
            positive(retryDelay, "retryDelay");
            notNegative(retireAfter, "retireAfter");
            if (maxSwapAttempts < 1) {
                throw new IllegalArgumentException("maxSwapAttempts must be at least 1, was " + maxSwapAttempts);
            }
            // The lease is renewed between batches: a turn (read + wait) must fit well inside a renewal period.
            if (block.plus(flushInterval).multipliedBy(3).compareTo(leaseTtl) > 0) {
                throw new IllegalArgumentException("leaseTtl (" + leaseTtl + ") must be at least three times block + "
                        + "flushInterval (" + block.plus(flushInterval) + ")");
            }
            return new ProjectorOptions(this);
        }

        private static void positive(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
        }

        private static void notNegative(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative()) {
                throw new IllegalArgumentException(field + " must not be negative, was " + value);
            }
        }
    }
}
