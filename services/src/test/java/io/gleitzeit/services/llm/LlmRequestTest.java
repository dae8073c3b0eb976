package io.gleitzeit.services.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LlmRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static LlmRequest read(String json, boolean vision) throws Exception {
        return LlmRequest.from(JSON.readTree(json), vision);
    }

    @Test
    void aPromptBecomesOneUserMessageAndStreamsByDefault() throws Exception {
        LlmRequest request = read("{\"prompt\": \"hi\", \"model\": \"llama3\", \"max_tokens\": 10}", false);

        assertThat(request.messages()).containsExactly(new ChatMessage("user", "hi", java.util.List.of()));
        assertThat(request.stream()).isTrue();
        assertThat(request.maxTokens()).isEqualTo(10);
        assertThat(request.prompt()).isEqualTo("hi");
    }

    @Test
    void everyProblemNamesItsJsonPath() {
        assertThatThrownBy(() -> read("{}", false)).hasMessage("$.prompt is required (a non-empty string)");
        assertThatThrownBy(() -> read("{\"prompt\": \"x\", \"temperature\": 3}", false))
                .hasMessageContaining("$.temperature must be a number from 0 to 2");
        assertThatThrownBy(() -> read("{\"prompt\": \"x\", \"max_tokens\": 0}", false))
                .hasMessageContaining("$.max_tokens must be a positive integer");
        assertThatThrownBy(() -> read("{\"prompt\": \"x\", \"stream\": \"yes\"}", false))
                .hasMessageContaining("$.stream must be true or false");
        assertThatThrownBy(() -> read("{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}", false))
                .hasMessageContaining("$.messages[0].role must be one of");
        assertThatThrownBy(() -> read("{\"prompt\": \"x\", \"image\": \"not base64!\"}", false))
                .hasMessageContaining("$.image must be base64 image data or an http(s) URL");
        assertThatThrownBy(() -> read("{\"prompt\": \"x\"}", true))
                .hasMessageContaining("$.image is required for vision tasks");
        assertThatThrownBy(() -> read("{\"prompt\": \"x\", \"model\": \" \"}", false))
                .hasMessageContaining("$.model must not be blank");
    }

    @Test
    void imagesJoinTheLastUserMessageWithTheirSniffedType() throws Exception {
        LlmRequest request = read("{\"prompt\": \"what?\", \"image\": \"" + PIXEL
                + "\", \"images\": [\"https://example.org/cat.jpg\"]}", true);

        assertThat(request.images()).hasSize(2);
        assertThat(request.images().get(0).mediaType()).isEqualTo("image/png");
        assertThat(request.images().get(1).url()).hasToString("https://example.org/cat.jpg");
        assertThat(request.images().get(0).toString()).doesNotContain(PIXEL);
    }

    @Test
    void theProviderFollowsTheModelNameWhenNotGiven() {
        assertThat(ProviderNames.resolve(null, "gpt-4o")).isEqualTo("openai");
        assertThat(ProviderNames.resolve(null, "claude-3-sonnet")).isEqualTo("anthropic");
        assertThat(ProviderNames.resolve(null, "gemini-1.5-pro")).isEqualTo("gemini");
        assertThat(ProviderNames.resolve(null, "llama3")).isEqualTo("internal");
        assertThat(ProviderNames.resolve("vllm", "gpt-4o")).isEqualTo("vllm");
    }
}
