package io.gleitzeit.services.llm.ollama;

import io.gleitzeit.services.llm.http.HttpTimeouts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How the internal LLM service uses its Ollama endpoints. Build with {@link #newBuilder()}. */
public final class InternalLlmOptions {
    public static final RoutingStrategy DEFAULT_STRATEGY = RoutingStrategy.LEAST_LOADED;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(10);

    private final List<OllamaEndpointConfig> endpoints;
    private final Path endpointsFile;
    private final RoutingStrategy strategy;
    private final int failureThreshold;
    private final Duration openFor;
    private final Duration healthInterval;
    private final HttpTimeouts timeouts;
    private final String defaultModel;
    private final Clock clock;

    private InternalLlmOptions(Builder b) {
        this.endpoints = b.endpoints;
        this.endpointsFile = b.endpointsFile;
        this.strategy = b.strategy;
        this.failureThreshold = b.failureThreshold;
        this.openFor = b.openFor;
        this.healthInterval = b.healthInterval;
        this.timeouts = b.timeouts;
        this.defaultModel = b.defaultModel;
        this.clock = b.clock;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Endpoints given directly (flags, environment); they stay for the life of the service unless removed. */
    public List<OllamaEndpointConfig> endpoints() {
        return endpoints;
    }

    /** A JSON endpoints file, re-read when it changes, or {@code null}. */
    public Path endpointsFile() {
        return endpointsFile;
    }

    public RoutingStrategy strategy() {
        return strategy;
    }

    /** Consecutive failures that open an endpoint's breaker. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** How long an open breaker keeps requests away before one probe. */
    public Duration openFor() {
        return openFor;
    }

    /** How often endpoints are checked ({@code /api/tags}, {@code /api/ps}) and the file re-read. */
    public Duration healthInterval() {
        return healthInterval;
    }

    public HttpTimeouts timeouts() {
        return timeouts;
    }

    /** The model of tasks that name none, or {@code null}. */
    public String defaultModel() {
        return defaultModel;
    }

    public Clock clock() {
        return clock;
    }

    /** Collects the options; {@link #build()} validates them. */
    public static final class Builder {
        private List<OllamaEndpointConfig> endpoints = List.of();
        private Path endpointsFile;
        private RoutingStrategy strategy = DEFAULT_STRATEGY;
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Duration openFor = DEFAULT_OPEN_FOR;
        private Duration healthInterval = DEFAULT_HEALTH_INTERVAL;
        private HttpTimeouts timeouts = HttpTimeouts.DEFAULTS;
        private String defaultModel;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder endpoints(List<OllamaEndpointConfig> endpoints) {
            this.endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
            return this;
        }

        public Builder endpointsFile(Path endpointsFile) {
            this.endpointsFile = endpointsFile;
            return this;
        }

        public Builder strategy(RoutingStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder circuitBreaker(int failureThreshold, Duration openFor) {
            this.failureThreshold = failureThreshold;
            this.openFor = openFor;
            return this;
        }

        public Builder healthInterval(Duration healthInterval) {
            this.healthInterval = healthInterval;
            return this;
        }

        public Builder timeouts(HttpTimeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public Builder defaultModel(String defaultModel) {
            this.defaultModel = defaultModel == null || defaultModel.isBlank() ? null : defaultModel.trim();
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public InternalLlmOptions build() {
            EndpointSpecs.unique(endpoints, "endpoints");
            if (endpoints.isEmpty() && endpointsFile == null) {
                throw new IllegalArgumentException("endpoints: at least one Ollama endpoint (or an endpoints file)"
                        + " is required");
            }
            Objects.requireNonNull(strategy, "strategy");
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failure_threshold must be at least 1, was " + failureThreshold);
            }
            positive(openFor, "open_for");
            positive(healthInterval, "health_interval");
            Objects.requireNonNull(timeouts, "timeouts");
            Objects.requireNonNull(clock, "clock");
            return new InternalLlmOptions(this);
        }

        private static void positive(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
        }
    }
}
