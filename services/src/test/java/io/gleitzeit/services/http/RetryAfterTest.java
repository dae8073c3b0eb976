package io.gleitzeit.services.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse(Optional.of("120"), NOW)).contains(Duration.ofSeconds(120));
    }

    @Test
    void readsAnHttpDateRelativeToNowAndNeverNegative() {
        assertThat(RetryAfter.parse(Optional.of("Fri, 27 Nov 2026 10:00:30 GMT"), NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(Optional.of("Fri, 27 Nov 2026 09:00:00 GMT"), NOW)).contains(Duration.ZERO);
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertThat(RetryAfter.parse(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("-5"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEmpty();
    }
}
