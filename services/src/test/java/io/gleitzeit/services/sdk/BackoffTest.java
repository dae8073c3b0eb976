package io.gleitzeit.services.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void startsAtTheMinimumAndDoublesPerFailure() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void neverExceedsTheMaximumHoweverManyFailures() {
        assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayAfter(0)).isEqualTo(Duration.ofMillis(500));
    }
}
