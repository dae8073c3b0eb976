package io.gleitzeit.services.llm.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.protocol.Usage;
import io.gleitzeit.services.llm.ChatMessage;
import io.gleitzeit.services.llm.ImageInput;
import io.gleitzeit.services.llm.LlmReply;
import io.gleitzeit.services.llm.LlmRequest;
import io.gleitzeit.services.llm.http.HttpTimeouts;
import io.gleitzeit.services.llm.http.JsonHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OllamaApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private final List<FakeOllama> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(FakeOllama::close);
    }

    private FakeOllama server() throws Exception {
        FakeOllama server = new FakeOllama("gpu");
        servers.add(server);
        return server;
    }

    private static OllamaApi api(HttpTimeouts timeouts) {
        return new OllamaApi(new JsonHttp(JSON, timeouts));
    }

    private static LlmRequest prompt(String text, boolean stream) throws Exception {
        return LlmRequest.from(JSON.readTree("{\"prompt\": \"" + text + "\", \"model\": \"llama3\", \"stream\": "
                + stream + ", \"temperature\": 0.2, \"max_tokens\": 64, \"system\": \"be brief\"}"), false);
    }

    @Nested
    class Generating {
        @Test
        void aStreamedAnswerArrivesPieceByPieceWithTheTokenCounts() throws Exception {
            FakeOllama server = server();
            List<String> chunks = new CopyOnWriteArrayList<>();

            LlmReply reply = api(HttpTimeouts.DEFAULTS).generate(OllamaEndpointConfig.of("gpu1", server.url()),
                    prompt("hi", true), chunks::add);

            assertThat(chunks).containsExactly("gpu", " says", " hello");
            assertThat(reply.text()).isEqualTo("gpu says hello");
            assertThat(reply.usage()).isEqualTo(new Usage(26, 259));
            assertThat(reply.endpointId()).isEqualTo("gpu1");
            assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r).isEqualTo(JSON.readTree("""
                    {"model": "llama3", "prompt": "hi", "system": "be brief", "stream": true,
                     "options": {"temperature": 0.2, "num_predict": 64}}""")));
        }

        @Test
        void aNonStreamedAnswerComesWholeAndNothingIsRelayed() throws Exception {
            FakeOllama server = server();
            List<String> chunks = new CopyOnWriteArrayList<>();

            LlmReply reply = api(HttpTimeouts.DEFAULTS).generate(OllamaEndpointConfig.of("gpu1", server.url()),
                    prompt("hi", false), chunks::add);

            assertThat(reply.text()).isEqualTo("gpu says hello");
            assertThat(chunks).isEmpty();
            assertThat(server.requests().get(0).get("stream").asBoolean()).isFalse();
        }

        @Test
        void aConversationWithAnImageGoesToTheChatApiWithBase64Images() throws Exception {
            FakeOllama server = server();
            LlmRequest request = LlmRequest.from(JSON.readTree("""
                    {"messages": [{"role": "user", "content": "what is this?"},
                                  {"role": "assistant", "content": "a pixel"}],
                     "prompt": "and its colour?", "image": "data:image/png;base64,%s", "model": "llava",
                     "system": "you see images"}""".formatted(PIXEL)), true);

            LlmReply reply = api(HttpTimeouts.DEFAULTS).generate(OllamaEndpointConfig.of("gpu1", server.url()),
                    request, chunk -> { });

            assertThat(reply.text()).isEqualTo("gpu says hello");
            assertThat(server.requests().get(0)).isEqualTo(JSON.readTree("""
                    {"model": "llava", "messages": [
                       {"role": "system", "content": "you see images"},
                       {"role": "user", "content": "what is this?"},
                       {"role": "assistant", "content": "a pixel"},
                       {"role": "user", "content": "and its colour?", "images": ["%s"]}],
                     "stream": true}""".formatted(PIXEL)));
        }

        @Test
        void aColdModelMayTakeLongerThanTheIdleTimeoutBeforeItsFirstByte() throws Exception {
            FakeOllama server = server().firstByteDelay(Duration.ofMillis(1500));
            HttpTimeouts timeouts = new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                    Duration.ofMillis(500));

            LlmReply reply = api(timeouts).generate(OllamaEndpointConfig.of("gpu1", server.url()),
                    prompt("hi", true), chunk -> { });

            assertThat(reply.text()).isEqualTo("gpu says hello");
        }

        @Test
        void aStreamThatStallsIsAbandonedAfterTheIdleTimeoutAsTheEndpointsFault() throws Exception {
            FakeOllama server = server().mode(FakeOllama.Mode.STALL_MID_STREAM);
            HttpTimeouts timeouts = new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                    Duration.ofMillis(300));

            assertThatThrownBy(() -> api(timeouts).generate(OllamaEndpointConfig.of("gpu1", server.url()),
                    prompt("hi", true), chunk -> { }))
                    .isInstanceOfSatisfying(OllamaCallException.class, e -> {
                        assertThat(e.kind()).isEqualTo(OllamaCallException.Kind.ENDPOINT);
                        assertThat(e.getMessage()).contains("gpu1", "timed out");
                    });
        }

        @Test
        void aMissingModelIsReportedWithOllamasMessage() throws Exception {
            FakeOllama server = server();
            LlmRequest request = prompt("hi", true).withModel("mistral");

            assertThatThrownBy(() -> api(HttpTimeouts.DEFAULTS).generate(
                    OllamaEndpointConfig.of("gpu1", server.url()), request, chunk -> { }))
                    .isInstanceOfSatisfying(OllamaCallException.class, e -> {
                        assertThat(e.kind()).isEqualTo(OllamaCallException.Kind.MODEL_MISSING);
                        assertThat(e.getMessage()).contains("model 'mistral' not found, try pulling it first");
                    });
        }

        @Test
        void aServerErrorIsTheEndpointsFault() throws Exception {
            FakeOllama server = server().mode(FakeOllama.Mode.FAILING);

            assertThatThrownBy(() -> api(HttpTimeouts.DEFAULTS).generate(
                    OllamaEndpointConfig.of("gpu1", server.url()), prompt("hi", true), chunk -> { }))
                    .isInstanceOfSatisfying(OllamaCallException.class, e -> {
                        assertThat(e.kind()).isEqualTo(OllamaCallException.Kind.ENDPOINT);
                        assertThat(e.getMessage()).contains("HTTP 500", "CUDA error: out of memory");
                    });
        }

        @Test
        void anUnreachableEndpointIsTheEndpointsFault() {
            OllamaEndpointConfig nowhere = OllamaEndpointConfig.of("gone", "http://127.0.0.1:1");

            assertThatThrownBy(() -> api(HttpTimeouts.DEFAULTS).generate(nowhere, prompt("hi", true), c -> { }))
                    .isInstanceOfSatisfying(OllamaCallException.class,
                            e -> assertThat(e.kind()).isEqualTo(OllamaCallException.Kind.ENDPOINT));
        }
    }

    @Nested
    class Discovering {
        @Test
        void tagsListTheModelsAndPsTheLoadedOnesWithTheirVram() throws Exception {
            FakeOllama server = server().loaded(List.of("llama3:latest"));
            OllamaEndpointConfig endpoint = OllamaEndpointConfig.of("gpu1", server.url());

            assertThat(api(HttpTimeouts.DEFAULTS).tags(endpoint)).containsExactly("llama3:latest", "llava:latest");
            OllamaApi.Loaded loaded = api(HttpTimeouts.DEFAULTS).ps(endpoint);
            assertThat(loaded.models()).containsExactly("llama3:latest");
            assertThat(loaded.vramUsedBytes()).isEqualTo(5137025024L);
        }
    }

    @Test
    void imagesAreSniffedWhenGivenAsPlainBase64() {
        assertThat(ImageInput.parse(PIXEL, "$.image").mediaType()).isEqualTo("image/png");
        assertThat(new ChatMessage("user", "x", List.of()).images()).isEmpty();
    }
}
