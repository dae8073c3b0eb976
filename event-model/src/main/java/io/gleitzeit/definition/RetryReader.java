package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a task's retry policy: the {@code retry} object, or the legacy {@code max_retries} count of the original
 * Python Gleitzeit. Fields the document leaves out take {@link RetryPolicy#DEFAULT}'s.
 */
final class RetryReader {
    static final int MAX_ATTEMPTS = 100;
    private static final List<String> BACKOFFS = Arrays.stream(Backoff.values()).map(Backoff::wireName).toList();

    private RetryReader() {
    }

    /** The policy, or {@link RetryPolicy#DEFAULT} when the task says nothing (or something invalid, reported). */
    static RetryPolicy read(FieldReader task) {
        ObjectNode retry = task.object("retry");
        RetryPolicy fromRetry = retry != null ? readRetryObject(task.child("retry", retry)) : null;
        Long maxRetries = task.integer("max_retries", 0, MAX_ATTEMPTS - 1L);
        if (task.isGiven("retry") && task.isGiven("max_retries")) {
            // Two answers to one question: taking either silently would surprise whoever wrote the other.
            task.report("max_retries", "conflicts with retry; give retry.max_attempts instead");
            return RetryPolicy.DEFAULT;
        }
        if (fromRetry != null) {
            return fromRetry;
        }
        if (maxRetries != null) {
            RetryPolicy d = RetryPolicy.DEFAULT;
            return new RetryPolicy(maxRetries.intValue() + 1, d.backoff(), d.baseDelay(), d.maxDelay(), d.jitter());
        }
        return RetryPolicy.DEFAULT;
    }

    private static RetryPolicy readRetryObject(FieldReader r) {
        RetryPolicy d = RetryPolicy.DEFAULT;
        Long maxAttempts = r.integer("max_attempts", 1, MAX_ATTEMPTS);
        Backoff backoff = r.choice("backoff", Backoff::fromWireName, BACKOFFS);
        Long baseMs = r.integer("base_delay_ms", 0, Integer.MAX_VALUE);
        Long maxMs = r.integer("max_delay_ms", 0, Integer.MAX_VALUE);
        Double jitter = r.number("jitter", 0, 1);
        boolean valid = (maxAttempts != null || !r.isGiven("max_attempts"))
                && (backoff != null || !r.isGiven("backoff"))
                && (baseMs != null || !r.isGiven("base_delay_ms"))
                && (maxMs != null || !r.isGiven("max_delay_ms"))
                && (jitter != null || !r.isGiven("jitter"));
        if (!valid) {
            return d;
        }
        Duration base = baseMs != null ? Duration.ofMillis(baseMs) : d.baseDelay();
        Duration max = maxMs != null ? Duration.ofMillis(maxMs) : d.maxDelay();
        if (max.compareTo(base) < 0) {
            if (maxMs != null) {
                r.report("max_delay_ms", "must be at least base_delay_ms (" + base.toMillis() + "), was " + maxMs);
            } else {
                r.report("base_delay_ms", "must be at most max_delay_ms, which defaults to " + max.toMillis()
                        + "; give max_delay_ms too");
            }
            return d;
        }
        return new RetryPolicy(
                maxAttempts != null ? maxAttempts.intValue() : d.maxAttempts(),
                backoff != null ? backoff : d.backoff(),
                base,
                max,
                jitter != null ? jitter : d.jitter());
    }
}
