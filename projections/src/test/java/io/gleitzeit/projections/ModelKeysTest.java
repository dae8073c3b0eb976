package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelKeysTest {
    private final ModelKeys keys = new ModelKeys("gz:", "load");

    @Test
    void everyKeyCarriesTheModelsHashTag() {
        assertThat(keys.current()).isEqualTo("gz:{proj:load}:current");
        assertThat(keys.lease()).isEqualTo("gz:{proj:load}:lease");
        assertThat(keys.generations()).isEqualTo("gz:{proj:load}:generations");
        assertThat(keys.positions(3)).isEqualTo("gz:{proj:load}:g3:positions");
        assertThat(keys.key(3, "services")).isEqualTo("gz:{proj:load}:g3:services");
    }

    @Test
    void theGroupIsNamedAfterTheModel() {
        assertThat(keys.group()).isEqualTo("proj-load");
    }

    @Test
    void refusesNamesThatWouldBreakTheHashTag() {
        assertThatThrownBy(() -> new ModelKeys("gz:", "a}b")).hasMessageContaining("model name");
        assertThatThrownBy(() -> keys.key(0, "x")).hasMessageContaining("generations");
    }
}
