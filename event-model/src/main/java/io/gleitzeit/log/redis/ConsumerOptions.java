package io.gleitzeit.log.redis;

import io.gleitzeit.log.StreamPosition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link StreamConsumer} reads: its group and name, the streams, and the pace of reading, retrying,
 * reclaiming and parking. Immutable; {@link #newBuilder()} applies the {@code DEFAULT_*} values.
 */
public final class ConsumerOptions {
    /** Entries read per XREADGROUP. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** How long one XREADGROUP waits for entries; also bounds how long {@link StreamConsumer#stop()} waits. */
    public static final Duration DEFAULT_BLOCK = Duration.ofMillis(200);
    /** How long another consumer's entry must be pending without progress before it is claimed (XAUTOCLAIM). */
    public static final Duration DEFAULT_CLAIM_IDLE = Duration.ofSeconds(30);
    /** How often stale entries of other consumers are claimed. */
    public static final Duration DEFAULT_CLAIM_INTERVAL = Duration.ofSeconds(5);
    /** How soon the consumer's own failed entries are delivered again. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    /** Deliveries after which a failing entry is parked. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;
    /** Where a group created by the consumer starts. */
    public static final StreamPosition DEFAULT_START_POSITION = StreamPosition.FIRST;
    /** The largest batch accepted. */
    public static final int MAX_BATCH_SIZE = 10_000;

    private final String group;
    private final String consumer;
    private final List<String> streams;
    private final int batchSize;
    private final Duration block;
    private final Duration claimIdle;
    private final Duration claimInterval;
    private final Duration retryDelay;
    private final int maxDeliveries;
    private final StreamPosition startPosition;
    private final Clock clock;

    private ConsumerOptions(Builder b) {
        this.group = b.group;
        this.consumer = b.consumer;
        this.streams = List.copyOf(b.streams);
        this.batchSize = b.batchSize;
        this.block = b.block;
        this.claimIdle = b.claimIdle;
        this.claimInterval = b.claimInterval;
        this.retryDelay = b.retryDelay;
        this.maxDeliveries = b.maxDeliveries;
        this.startPosition = b.startPosition;
        this.clock = b.clock;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.group = group;
        b.consumer = consumer;
        b.streams = new ArrayList<>(streams);
        b.batchSize = batchSize;
        b.block = block;
        b.claimIdle = claimIdle;
        b.claimInterval = claimInterval;
        b.retryDelay = retryDelay;
        b.maxDeliveries = maxDeliveries;
        b.startPosition = startPosition;
        b.clock = clock;
        return b;
    }

    /** The consumer group (e.g. {@code decider}, {@code monitoring}). */
    public String group() {
        return group;
    }

    /** This consumer's name in the group; stable across restarts so it finds its own pending entries again. */
    public String consumer() {
        return consumer;
    }

    /** The streams read, e.g. every partition's command stream. */
    public List<String> streams() {
        return streams;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration block() {
        return block;
    }

    public Duration claimIdle() {
        return claimIdle;
    }

    public Duration claimInterval() {
        return claimInterval;
    }

    public Duration retryDelay() {
        return retryDelay;
    }

    public int maxDeliveries() {
        return maxDeliveries;
    }

    /** Where the group starts when the consumer creates it: {@link StreamPosition#FIRST}, {@code LATEST} or an id. */
    public StreamPosition startPosition() {
        return startPosition;
    }

    /** The clock of parking times. */
    public Clock clock() {
        return clock;
    }

    /** Builds {@link ConsumerOptions}; {@link #build()} checks every value and names the one that is wrong. */
    public static final class Builder {
        private String group;
        private String consumer;
        private List<String> streams = new ArrayList<>();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration block = DEFAULT_BLOCK;
        private Duration claimIdle = DEFAULT_CLAIM_IDLE;
        private Duration claimInterval = DEFAULT_CLAIM_INTERVAL;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private int maxDeliveries = DEFAULT_MAX_DELIVERIES;
        private StreamPosition startPosition = DEFAULT_START_POSITION;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        public Builder streams(List<String> streams) {
            this.streams = new ArrayList<>(Objects.requireNonNull(streams, "streams"));
            return this;
        }

        public Builder streams(String... streams) {
            return streams(List.of(streams));
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder block(Duration block) {
            this.block = block;
            return this;
        }

        public Builder claimIdle(Duration claimIdle) {
            this.claimIdle = claimIdle;
            return this;
        }

        public Builder claimInterval(Duration claimInterval) {
            this.claimInterval = claimInterval;
            return this;
        }

        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = retryDelay;
            return this;
        }

        public Builder maxDeliveries(int maxDeliveries) {
            this.maxDeliveries = maxDeliveries;
            return this;
        }

        public Builder startPosition(StreamPosition startPosition) {
            this.startPosition = startPosition;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ConsumerOptions build() {
            requireText(group, "group");
            if (group.indexOf('|') >= 0) {
                throw new IllegalArgumentException("group must not contain '|', was " + group);
            }
            requireText(consumer, "consumer");
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("streams must name at least one stream");
            }
            for (int i = 0; i < streams.size(); i++) {
                requireText(streams.get(i), "streams[" + i + "]");
            }
            if (new LinkedHashSet<>(streams).size() != streams.size()) {
                throw new IllegalArgumentException("streams must not repeat a stream: " + streams);
            }
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be within 1.." + MAX_BATCH_SIZE + ", was "
                        + batchSize);
            }
            requirePositive(block, "block");
            requirePositive(claimIdle, "claimIdle");
            requirePositive(claimInterval, "claimInterval");
            Objects.requireNonNull(retryDelay, "retryDelay");
            if (retryDelay.isNegative()) {
                throw new IllegalArgumentException("retryDelay must not be negative, was " + retryDelay);
            }
            if (maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1, was " + maxDeliveries);
            }
            Objects.requireNonNull(startPosition, "startPosition");
            Objects.requireNonNull(clock, "clock");
            return new ConsumerOptions(this);
        }

        private static void requireText(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " must not be blank");
            }
        }

        private static void requirePositive(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
                throw new IllegalArgumentException(field + " must be at least 1 ms, was " + value);
            }
        }
    }
}
