package io.gleitzeit.orchestrator.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link OrchestratorMetrics} gathers figures. Build with {@link #newBuilder()}; every field has a documented
 * default.
 */
public final class MetricsOptions {
    /** Prefix of every metric name ({@code gleitzeit_…} in Prometheus). */
    public static final String DEFAULT_PREFIX = "gleitzeit";
    /** How often figures read from Redis (consumer lag, pending, dead letters, connected services) are refreshed. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);
    /** How long a health check waits for Redis. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final String prefix;
    private final Duration refreshInterval;
    private final Duration healthTimeout;

    private MetricsOptions(Builder b) {
        this.prefix = b.prefix;
        this.refreshInterval = b.refreshInterval;
        this.healthTimeout = b.healthTimeout;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().prefix(prefix).refreshInterval(refreshInterval).healthTimeout(healthTimeout);
    }

    public String prefix() {
        return prefix;
    }

    public Duration refreshInterval() {
        return refreshInterval;
    }

    public Duration healthTimeout() {
        return healthTimeout;
    }

    /** Builds {@link MetricsOptions}; {@link #build()} validates. */
    public static final class Builder {
        private String prefix = DEFAULT_PREFIX;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private Duration healthTimeout = DEFAULT_HEALTH_TIMEOUT;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        public Builder refreshInterval(Duration refreshInterval) {
            this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
            return this;
        }

        public Builder healthTimeout(Duration healthTimeout) {
            this.healthTimeout = Objects.requireNonNull(healthTimeout, "healthTimeout");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first field out of range
         */
        public MetricsOptions build() {
            if (!prefix.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException(
                        "prefix must be lower-case letters, digits and _, starting with a letter, was '" + prefix + "'");
            }
            if (refreshInterval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("refreshInterval must be at least 100 ms, was " + refreshInterval);
            }
            if (healthTimeout.isNegative() || healthTimeout.isZero()) {
                throw new IllegalArgumentException("healthTimeout must be positive, was " + healthTimeout);
            }
            return new MetricsOptions(this);
        }
    }
}
