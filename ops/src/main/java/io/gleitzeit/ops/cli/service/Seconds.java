package io.gleitzeit.ops.cli.service;

import java.time.Duration;

/** A command-line time in seconds ({@code 2.5} allowed), checked and named by its option. */
final class Seconds {
    private Seconds() {
    }

    /** The duration of {@code seconds}; not positive is an {@link IllegalArgumentException} naming the option. */
    static Duration positive(String option, double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, was " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
