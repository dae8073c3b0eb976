package io.gleitzeit.services.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the operator of an HTTP service allows and how it behaves. Build with {@link #newBuilder()}; the allow-list is
 * required, everything else has a documented {@code DEFAULT_*}.
 *
 * <pre>{@code
 * HttpServiceOptions options = HttpServiceOptions.newBuilder()
 *         .allowedHosts(List.of("api.example.org", "*.internal.example.org:8443"))
 *         .maxResponseBytes(1 << 20)
 *         .build();
 * }</pre>
 */
public final class HttpServiceOptions {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final String DEFAULT_USER_AGENT = "Gleitzeit-HTTP-Service";

    private final HostAllowList allowedHosts;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final long maxResponseBytes;
    private final int maxAttempts;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Duration maxRetryAfter;
    private final int maxRedirects;
    private final String userAgent;
    private final Clock clock;
    private final Sleeper sleeper;

    private HttpServiceOptions(Builder b) {
        this.allowedHosts = b.allowedHosts;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxAttempts = b.maxAttempts;
        this.backoffMin = b.backoffMin;
        this.backoffMax = b.backoffMax;
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxRedirects = b.maxRedirects;
        this.userAgent = b.userAgent;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.allowedHosts = allowedHosts;
        b.requestTimeout = requestTimeout;
        b.connectTimeout = connectTimeout;
        b.maxResponseBytes = maxResponseBytes;
        b.maxAttempts = maxAttempts;
        b.backoffMin = backoffMin;
        b.backoffMax = backoffMax;
        b.maxRetryAfter = maxRetryAfter;
        b.maxRedirects = maxRedirects;
        b.userAgent = userAgent;
        b.clock = clock;
        b.sleeper = sleeper;
        return b;
    }

    /** The hosts requests and redirects may go to. */
    public HostAllowList allowedHosts() {
        return allowedHosts;
    }

    /** The longest one request may take; a task's earlier deadline shortens it. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** A response body larger than this fails the task (not retryable). */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Tries per task attempt, the first included, on connection errors, 5xx, 408 and 429. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the second try; it doubles per try up to {@link #backoffMax()}. */
    public Duration backoffMin() {
        return backoffMin;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    /** A {@code Retry-After} longer than this is not waited for: the attempt fails (retryable) at once. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Redirects followed per request; each target is checked against the allow-list. */
    public int maxRedirects() {
        return maxRedirects;
    }

    public String userAgent() {
        return userAgent;
    }

    /** For {@code Retry-After} dates and deadlines. */
    public Clock clock() {
        return clock;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    /** Collects options; {@link #build()} validates them and names the field of any problem. */
    public static final class Builder {
        private HostAllowList allowedHosts = HostAllowList.of(List.of());
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration backoffMin = DEFAULT_BACKOFF_MIN;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private String userAgent = DEFAULT_USER_AGENT;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder() {
        }

        /** The allow-list entries (see {@link HostAllowList}); at least one. */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = HostAllowList.of(hosts);
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder maxResponseBytes(long maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        public Builder maxRedirects(int maxRedirects) {
            this.maxRedirects = maxRedirects;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public HttpServiceOptions build() {
            if (allowedHosts.isEmpty()) {
                throw new IllegalArgumentException("allowedHosts must name at least one host (or '*' for any)");
            }
            positive(requestTimeout, "requestTimeout");
            positive(connectTimeout, "connectTimeout");
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1, was " + maxResponseBytes);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            positive(backoffMin, "backoffMin");
            positive(backoffMax, "backoffMax");
            if (backoffMax.compareTo(backoffMin) < 0) {
                throw new IllegalArgumentException("backoffMax must not be shorter than backoffMin");
            }
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            if (maxRetryAfter.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative, was " + maxRetryAfter);
            }
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative, was " + maxRedirects);
            }
            if (userAgent == null || userAgent.isBlank()) {
                throw new IllegalArgumentException("userAgent must not be blank");
            }
            return new HttpServiceOptions(this);
        }

        private static void positive(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
        }
    }
}
