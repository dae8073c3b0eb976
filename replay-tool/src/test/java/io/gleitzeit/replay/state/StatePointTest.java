package io.gleitzeit.replay.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatePointTest {
    @Test
    void digitsAreAVersion() {
        assertThat(StatePoint.parse("12")).isEqualTo(new StatePoint.AtVersion(12));
    }

    @Test
    void anIsoTimestampIsAMomentWithOrWithoutOffset() {
        assertThat(StatePoint.parse("2030-01-01T09:00:01Z"))
                .isEqualTo(new StatePoint.AtTime(Instant.parse("2030-01-01T09:00:01Z")));
        assertThat(StatePoint.parse("2030-01-01T10:00:01+01:00"))
                .isEqualTo(new StatePoint.AtTime(Instant.parse("2030-01-01T09:00:01Z")));
    }

    @Test
    void anythingElseIsAnEventId() {
        assertThat(StatePoint.parse("3f1c2b8e-0000-3000-8000-000000000001"))
                .isEqualTo(new StatePoint.AtEvent("3f1c2b8e-0000-3000-8000-000000000001"));
    }

    @Test
    void versionZeroIsRejected() {
        assertThatThrownBy(() -> StatePoint.parse("0")).hasMessage("--at: a version starts at 1, was 0");
    }
}
