package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.payload.LargePayloads;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How an orchestrator replica runs. Build with {@link #newBuilder()}; every field has a documented default.
 */
public final class ReplicaOptions {
    /** The consumer group all replicas share on the command streams. */
    public static final String DEFAULT_GROUP = "decider";
    public static final int DEFAULT_PARTITIONS = PartitionScheme.DEFAULT_PARTITIONS;
    public static final String DEFAULT_KEY_PREFIX = "gz:";
    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final Duration DEFAULT_CLAIM_IDLE = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_DELIVERIES = 5;
    public static final Duration DEFAULT_TIMER_INTERVAL = Duration.ofMillis(100);
    public static final int DEFAULT_STATE_CACHE_SIZE = 10_000;
    public static final int DEFAULT_MAX_CONFLICT_RETRIES = 20;
    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_DECISION_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Payloads above this many bytes are stored by reference, out of the streams ({@link LargePayloads}). */
    public static final long DEFAULT_INLINE_LIMIT_BYTES = LargePayloads.DEFAULT_INLINE_LIMIT_BYTES;

    private final String replicaId;
    private final String keyPrefix;
    private final int partitions;
    private final String group;
    private final int batchSize;
    private final Duration claimIdle;
    private final int maxDeliveries;
    private final Duration timerInterval;
    private final int stateCacheSize;
    private final int maxConflictRetries;
    private final int decisionThreads;
    private final Duration retentionInterval;
    private final long inlineLimitBytes;
    private final Clock clock;

    private ReplicaOptions(Builder b) {
        this.replicaId = b.replicaId != null ? b.replicaId : "replica-" + UUID.randomUUID().toString().substring(0, 8);
        this.keyPrefix = b.keyPrefix;
        this.partitions = b.partitions;
        this.group = b.group;
        this.batchSize = b.batchSize;
        this.claimIdle = b.claimIdle;
        this.maxDeliveries = b.maxDeliveries;
        this.timerInterval = b.timerInterval;
        this.stateCacheSize = b.stateCacheSize;
        this.maxConflictRetries = b.maxConflictRetries;
        this.decisionThreads = b.decisionThreads;
        this.retentionInterval = b.retentionInterval;
        this.inlineLimitBytes = b.inlineLimitBytes;
        this.clock = b.clock;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().replicaId(replicaId).keyPrefix(keyPrefix).partitions(partitions).group(group)
                .batchSize(batchSize).claimIdle(claimIdle).maxDeliveries(maxDeliveries).timerInterval(timerInterval)
                .stateCacheSize(stateCacheSize).maxConflictRetries(maxConflictRetries)
                .decisionThreads(decisionThreads).retentionInterval(retentionInterval).inlineLimitBytes(inlineLimitBytes)
                .clock(clock);
    }

    /** This replica's name: its consumer name and the producer of the events it appends. */
    public String replicaId() {
        return replicaId;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public int partitions() {
        return partitions;
    }

    public String group() {
        return group;
    }

    public int batchSize() {
        return batchSize;
    }

    /** How long an entry may stay unacknowledged by a consumer before another replica takes it over. */
    public Duration claimIdle() {
        return claimIdle;
    }

    /** Deliveries after which a command that keeps failing is parked. */
    public int maxDeliveries() {
        return maxDeliveries;
    }

    public Duration timerInterval() {
        return timerInterval;
    }

    public int stateCacheSize() {
        return stateCacheSize;
    }

    public int maxConflictRetries() {
        return maxConflictRetries;
    }

    public int decisionThreads() {
        return decisionThreads;
    }

    /** How often acknowledged commands are trimmed from the command streams. */
    public Duration retentionInterval() {
        return retentionInterval;
    }

    /**
     * Task results, dispatched parameters and workflow results above this many bytes are stored once by reference
     * ({@code <prefix>{p<n>}:blobs:<workflow id>}) instead of in the stream entries.
     */
    public long inlineLimitBytes() {
        return inlineLimitBytes;
    }

    public Clock clock() {
        return clock;
    }

    /** Builder of {@link ReplicaOptions}. */
    public static final class Builder {
        private String replicaId;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private int partitions = DEFAULT_PARTITIONS;
        private String group = DEFAULT_GROUP;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration claimIdle = DEFAULT_CLAIM_IDLE;
        private int maxDeliveries = DEFAULT_MAX_DELIVERIES;
        private Duration timerInterval = DEFAULT_TIMER_INTERVAL;
        private int stateCacheSize = DEFAULT_STATE_CACHE_SIZE;
        private int maxConflictRetries = DEFAULT_MAX_CONFLICT_RETRIES;
        private int decisionThreads = DEFAULT_DECISION_THREADS;
        private Duration retentionInterval = DEFAULT_RETENTION_INTERVAL;
        private long inlineLimitBytes = DEFAULT_INLINE_LIMIT_BYTES;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder replicaId(String replicaId) {
            this.replicaId = replicaId;
            return this;
        }

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder claimIdle(Duration claimIdle) {
            this.claimIdle = claimIdle;
            return this;
        }

        public Builder maxDeliveries(int maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
            return this;
        }

        public Builder timerInterval(Duration timerInterval) {
            this.timerInterval = timerInterval;
            return this;
        }

        public Builder stateCacheSize(int stateCacheSize) {
            this.stateCacheSize = stateCacheSize;
            return this;
        }

        public Builder maxConflictRetries(int maxConflictRetries) {
            this.maxConflictRetries = maxConflictRetries;
            return this;
        }

        public Builder decisionThreads(int decisionThreads) {
            this.decisionThreads = decisionThreads;
            return this;
        }

        public Builder retentionInterval(Duration retentionInterval) {
            this.retentionInterval = retentionInterval;
            return this;
        }

        /** See {@link ReplicaOptions#inlineLimitBytes()}; at least {@value LargePayloads#MIN_INLINE_LIMIT_BYTES}. */
        public Builder inlineLimitBytes(long inlineLimitBytes) {
            this.inlineLimitBytes = inlineLimitBytes;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Validates and builds; an invalid value is an IllegalArgumentException naming the option. */
        public ReplicaOptions build() {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(clock, "clock");
            require(partitions >= 1 && partitions <= 4096, "partitions must be within 1..4096, was " + partitions);
            require(batchSize >= 1 && batchSize <= 10_000, "batchSize must be within 1..10000, was " + batchSize);
            require(claimIdle != null && !claimIdle.isNegative() && !claimIdle.isZero(), "claimIdle must be positive");
            require(maxDeliveries >= 1, "maxDeliveries must be at least 1, was " + maxDeliveries);
            require(timerInterval != null && timerInterval.toMillis() >= 1, "timerInterval must be at least 1 ms");
            require(stateCacheSize >= 1, "stateCacheSize must be at least 1, was " + stateCacheSize);
            require(maxConflictRetries >= 0, "maxConflictRetries must not be negative");
            require(retentionInterval != null && retentionInterval.toMillis() >= 1,
                    "retentionInterval must be at least 1 ms");
            require(inlineLimitBytes >= LargePayloads.MIN_INLINE_LIMIT_BYTES, "inlineLimitBytes must be at least "
                    + LargePayloads.MIN_INLINE_LIMIT_BYTES + ", was " + inlineLimitBytes);
            require(decisionThreads >= 1, "decisionThreads must be at least 1, was " + decisionThreads);
            require(replicaId == null || replicaId.matches("[A-Za-z0-9._:-]{1,100}"),
                    "replicaId may use letters, digits and . _ : - (1..100 characters), was " + replicaId);
            return new ReplicaOptions(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
