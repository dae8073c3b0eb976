package io.gleitzeit.orchestrator.hub.monitor;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MonitorHub} serves monitors. Build with {@link #newBuilder()}; every field has a documented default.
 */
public final class MonitorOptions {
    /** How often {@code monitor:metrics_update} is sent. */
    public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofSeconds(2);
    /** How many recent events a new monitor receives in {@code monitor:recent_events}. */
    public static final int DEFAULT_RECENT_EVENTS = 50;
    /** How long one read of the event streams waits for new entries. */
    public static final Duration DEFAULT_TAIL_BLOCK = Duration.ofMillis(500);
    /** How many workflows {@code monitor:workflows} returns when the request names no limit. */
    public static final int DEFAULT_WORKFLOW_LIMIT = 50;

    private final Duration updateInterval;
    private final int recentEvents;
    private final Duration tailBlock;
    private final int workflowLimit;
    private final Clock clock;

    private MonitorOptions(Builder b) {
        this.updateInterval = b.updateInterval;
        this.recentEvents = b.recentEvents;
        this.tailBlock = b.tailBlock;
        this.workflowLimit = b.workflowLimit;
        this.clock = b.clock;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().updateInterval(updateInterval).recentEvents(recentEvents).tailBlock(tailBlock)
                .workflowLimit(workflowLimit).clock(clock);
    }

    public Duration updateInterval() {
        return updateInterval;
    }

    public int recentEvents() {
        return recentEvents;
    }

    public Duration tailBlock() {
        return tailBlock;
    }

    public int workflowLimit() {
        return workflowLimit;
    }

    /** Stamps the snapshots. */
    public Clock clock() {
        return clock;
    }

    /** Builds {@link MonitorOptions}; {@link #build()} validates. */
    public static final class Builder {
        private Duration updateInterval = DEFAULT_UPDATE_INTERVAL;
        private int recentEvents = DEFAULT_RECENT_EVENTS;
        private Duration tailBlock = DEFAULT_TAIL_BLOCK;
        private int workflowLimit = DEFAULT_WORKFLOW_LIMIT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder updateInterval(Duration updateInterval) {
            this.updateInterval = Objects.requireNonNull(updateInterval, "updateInterval");
            return this;
        }

        public Builder recentEvents(int recentEvents) {
            this.recentEvents = recentEvents;
            return this;
        }

        public Builder tailBlock(Duration tailBlock) {
            this.tailBlock = Objects.requireNonNull(tailBlock, "tailBlock");
            return this;
        }

        public Builder workflowLimit(int workflowLimit) {
            this.workflowLimit = workflowLimit;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first field out of range
         */
        public MonitorOptions build() {
            if (updateInterval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("updateInterval must be at least 100 ms, was " + updateInterval);
            }
            if (recentEvents < 0) {
                throw new IllegalArgumentException("recentEvents must not be negative, was " + recentEvents);
            }
            if (tailBlock.isNegative() || tailBlock.isZero()) {
                throw new IllegalArgumentException("tailBlock must be positive, was " + tailBlock);
            }
            if (workflowLimit < 1) {
                throw new IllegalArgumentException("workflowLimit must be at least 1, was " + workflowLimit);
            }
            return new MonitorOptions(this);
        }
    }
}
