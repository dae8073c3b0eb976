package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.definition.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The delay before a retry: {@code fixed} (base), {@code linear} (base × n) or {@code exponential} (base × 2^(n-1)),
 * n being the attempt that failed, capped at the policy's maximum, then spread by jitter. The jitter is a hash of
 * task id and attempt, not a random number, so a replayed decision computes the same delay; it lies within
 * ±jitter × delay, and the result never exceeds the maximum nor falls below zero.
 */
public final class Backoffs {
    private Backoffs() {
    }

    /** The delay before the attempt after {@code failedAttempt} of task {@code taskId}. */
    public static Duration delay(RetryPolicy policy, String taskId, int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("failedAttempt must be at least 1, was " + failedAttempt);
        }
        long max = nanos(policy.maxDelay());
        long delay = Math.min(beforeJitter(policy, failedAttempt), max);
        long spread = Math.round(delay * policy.jitter() * jitterFactor(taskId, failedAttempt));
        long jittered = spread >= 0
                ? (delay > max - spread ? max : delay + spread)
                : Math.max(0, delay + spread);
        return Duration.ofNanos(jittered);
    }

    /** The delay before jitter and cap, in nanoseconds, saturating instead of overflowing. */
    static long beforeJitter(RetryPolicy policy, int n) {
        long base = nanos(policy.baseDelay());
        switch (policy.backoff()) {
            case FIXED:
                return base;
            case LINEAR:
                return saturatedMultiply(base, n);
            case EXPONENTIAL:
                return n - 1 >= 62 ? (base == 0 ? 0 : Long.MAX_VALUE) : saturatedMultiply(base, 1L << (n - 1));
            default:
                throw new IllegalArgumentException("unknown backoff " + policy.backoff());
        }
    }

    /** A value in [-1, 1) fixed by task id and attempt (FNV-1a, then a SplitMix64 finaliser). */
    static double jitterFactor(String taskId, int attempt) {
        long h = 0xcbf29ce484222325L;
        for (byte b : taskId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= attempt * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        double unit = (h >>> 11) * 0x1.0p-53;
        return unit * 2 - 1;
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }
}
