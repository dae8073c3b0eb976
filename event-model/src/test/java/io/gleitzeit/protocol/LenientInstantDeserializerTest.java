package io.gleitzeit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LenientInstantDeserializerTest {
    @Test
    void readsOffsetsLocalTimesAsUtcAndEpochSeconds() {
        assertThat(LenientInstantDeserializer.parse("2025-01-31T14:00:00+02:00"))
                .isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
        assertThat(LenientInstantDeserializer.parse("2025-01-31T12:00:00"))
                .isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
        assertThat(LenientInstantDeserializer.parse("1738324800"))
                .isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
    }

    @Test
    void textThatIsNoTimeIsNotGuessed() {
        assertThat(LenientInstantDeserializer.parse("yesterday")).isNull();
    }
}
