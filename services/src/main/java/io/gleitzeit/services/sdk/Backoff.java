package io.gleitzeit.services.sdk;

import java.time.Duration;

/**
 * Delays between tries: {@code min}, doubling per consecutive failure, never above {@code max}. The SDK uses it for
 * reconnects; the built-in services for their own retries.
 */
public record Backoff(Duration min, Duration max) {

    /** The delay before the next try after {@code failures} consecutive failures (the first failure waits min). */
    public Duration delayAfter(int failures) {
        if (failures <= 1) {
            return min;
        }
        int doublings = Math.min(failures - 1, 30);
        long millis = min.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
