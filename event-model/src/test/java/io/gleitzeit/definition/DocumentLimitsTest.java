package io.gleitzeit.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DocumentLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DocumentLimits limits = DocumentLimits.defaults();

        assertThat(limits.maxDocumentBytes()).isEqualTo(4 * 1024 * 1024).isEqualTo(DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES);
        assertThat(limits.maxTasks()).isEqualTo(10_000);
        assertThat(limits.maxNestingDepth()).isEqualTo(64);
        assertThat(limits.maxNameLength()).isEqualTo(200);
        assertThat(limits.customProviders()).isEmpty();
        assertThat(limits.allowedProviders()).containsExactly("internal", "openai", "anthropic", "gemini");
    }

    @Nested
    class Build {
        @Test
        void takesEverySetting() {
            DocumentLimits limits = DocumentLimits.newBuilder()
                    .maxDocumentBytes(1000).maxTasks(5).maxNestingDepth(10).maxNameLength(20)
                    .addCustomProvider("zeta").addCustomProvider("alpha")
                    .build();

            assertThat(limits.maxDocumentBytes()).isEqualTo(1000);
            assertThat(limits.maxTasks()).isEqualTo(5);
            assertThat(limits.maxNestingDepth()).isEqualTo(10);
            assertThat(limits.maxNameLength()).isEqualTo(20);
            assertThat(limits.allowedProviders())
                    .containsExactly("internal", "openai", "anthropic", "gemini", "alpha", "zeta");
            assertThat(limits.allowsProvider("zeta")).isTrue();
            assertThat(limits.allowsProvider("beta")).isFalse();
        }

        @Test
        void refusesSettingsOutOfRangeNamingThem() {
            assertThatThrownBy(() -> DocumentLimits.newBuilder().maxTasks(0).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTasks must be at least 1, was 0");
            assertThatThrownBy(() -> DocumentLimits.newBuilder().maxDocumentBytes(-1).build())
                    .hasMessage("maxDocumentBytes must be at least 1, was -1");
            assertThatThrownBy(() -> DocumentLimits.newBuilder().maxNameLength(0).build())
                    .hasMessage("maxNameLength must be at least 1, was 0");
        }

        @Test
        void refusesANestingDepthTooSmallForAnyDocument() {
            assertThatThrownBy(() -> DocumentLimits.newBuilder().maxNestingDepth(2).build())
                    .hasMessage("maxNestingDepth must be at least 3, was 2");
        }

        @Test
        void refusesABlankProviderName() {
            assertThatThrownBy(() -> DocumentLimits.newBuilder().customProviders(List.of("ok", " ")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a custom provider name must not be blank");
        }

        @Test
        void aCustomProviderNamedLikeABuiltInOneIsListedOnce() {
            assertThat(DocumentLimits.newBuilder().addCustomProvider("openai").build().allowedProviders())
                    .containsExactly("internal", "openai", "anthropic", "gemini");
        }
    }

    @Test
    void toBuilderCopiesEverySettingAndLeavesTheOriginalAlone() {
        DocumentLimits original = DocumentLimits.newBuilder().maxTasks(7).addCustomProvider("lab").build();

        DocumentLimits changed = original.toBuilder().maxNameLength(9).addCustomProvider("other").build();

        assertThat(changed.maxTasks()).isEqualTo(7);
        assertThat(changed.maxNameLength()).isEqualTo(9);
        assertThat(changed.customProviders()).containsExactlyInAnyOrder("lab", "other");
        assertThat(original.customProviders()).containsExactly("lab");
        assertThat(original.maxNameLength()).isEqualTo(DocumentLimits.DEFAULT_MAX_NAME_LENGTH);
    }
}
