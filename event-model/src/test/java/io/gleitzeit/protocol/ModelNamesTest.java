package io.gleitzeit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelNamesTest {
    @Test
    void aBareNameIsItsLatestTag() {
        assertThat(ModelNames.same("llama3", "llama3:latest")).isTrue();
        assertThat(ModelNames.same("llama3:latest", "llama3")).isTrue();
        assertThat(ModelNames.same("llama3", "llama3")).isTrue();
    }

    @Test
    void otherTagsAndNamesDiffer() {
        assertThat(ModelNames.same("llama3", "llama3:70b")).isFalse();
        assertThat(ModelNames.same("llama3:8b", "llama3:70b")).isFalse();
        assertThat(ModelNames.same("llama3", "llama3.1")).isFalse();
    }

    @Test
    void aListContainsAModelUnderEitherSpelling() {
        assertThat(ModelNames.contains(List.of("mistral:latest", "llava:13b"), "mistral")).isTrue();
        assertThat(ModelNames.contains(List.of("mistral"), "mistral:latest")).isTrue();
        assertThat(ModelNames.contains(List.of("llava:13b"), "llava")).isFalse();
        assertThat(ModelNames.contains(List.of(), "llava")).isFalse();
    }
}
