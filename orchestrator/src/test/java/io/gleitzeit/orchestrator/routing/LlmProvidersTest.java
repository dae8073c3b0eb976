package io.gleitzeit.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LlmProvidersTest {
    @Test
    void aNamedProviderIsTakenAsIs() {
        assertThat(LlmProviders.resolve("my-vllm", "gpt-4o")).isEqualTo("my-vllm");
    }

    @Test
    void withoutProviderTheModelPrefixDecides() {
        assertThat(LlmProviders.resolve(null, "gpt-4o")).isEqualTo(LlmProviders.OPENAI);
        assertThat(LlmProviders.resolve(null, "claude-3-sonnet")).isEqualTo(LlmProviders.ANTHROPIC);
        assertThat(LlmProviders.resolve("", "gemini-1.5-pro")).isEqualTo(LlmProviders.GEMINI);
        assertThat(LlmProviders.resolve(null, "GPT-4")).isEqualTo(LlmProviders.OPENAI);
    }

    @Test
    void anyOtherModelOrNoneRunsOnTheInternalEndpoints() {
        assertThat(LlmProviders.resolve(null, "llama3")).isEqualTo(LlmProviders.INTERNAL);
        assertThat(LlmProviders.resolve(null, null)).isEqualTo(LlmProviders.INTERNAL);
    }
}
