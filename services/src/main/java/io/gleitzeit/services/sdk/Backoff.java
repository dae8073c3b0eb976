package io.gleitzeit.services.sdk;

import java.time.Duration;

/** Reconnect delays: {@code min}, doubling per consecutive failure, never above {@code max}. */
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
