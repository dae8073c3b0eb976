package io.gleitzeit.definition;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how soon a failed task is tried again.
 *
 * @param maxAttempts total attempts including the first (1 means no retry)
 * @param backoff     how the delay grows between attempts
 * @param baseDelay   the delay before the second attempt
 * @param maxDelay    the delay never exceeds this
 * @param jitter      fraction (0..1) of the delay that is randomised, deterministically per task and attempt
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration baseDelay, Duration maxDelay, double jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
    public static final double DEFAULT_JITTER = 0.1;

    /** The policy of a task whose document says nothing about retries. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(DEFAULT_MAX_ATTEMPTS, Backoff.EXPONENTIAL, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_JITTER);

    /** A single attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Backoff.FIXED, Duration.ZERO, Duration.ZERO, 0);

    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
    }
}
