package io.gleitzeit.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.services.llm.provider.ProviderKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo runs its text task on when no Ollama answers: the first provider whose key is set, or nothing. */
class TextTasksTest {
    /** Nothing listens on port 1 of the loopback address: the probe fails at once. */
    private static final String NO_OLLAMA = "http://127.0.0.1:1";

    @Test
    void aProviderKeyInTheEnvironmentRunsTheTextTaskOnThatProvider() {
        String key = "sk-ant-demo-" + System.nanoTime();
        TextTasks text = TextTasks.probe(NO_OLLAMA, Map.of("ANTHROPIC_API_KEY", key, "GEMINI_API_KEY", "g-key"));

        assertThat(text.available()).isTrue();
        assertThat(text.ollamaUrl()).isEmpty();
        assertThat(text.provider()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(ProviderKind.ANTHROPIC);
            assertThat(p.name()).isEqualTo("anthropic");
        });
        assertThat(text.model()).contains("claude-3-5-haiku-latest");
        assertThat(text.explanation()).contains("using anthropic (ANTHROPIC_API_KEY is set)").doesNotContain(key);
    }

    @Test
    void withoutOllamaOrAKeyTheDemoSaysSoPlainly() {
        TextTasks text = TextTasks.probe(NO_OLLAMA, Map.of());

        assertThat(text.available()).isFalse();
        assertThat(text.explanation()).isEqualTo("text tasks skipped: no Ollama at " + NO_OLLAMA
                + " (set OLLAMA_HOST) and no provider key (OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY); "
                + "running the function tasks only");
    }
}
