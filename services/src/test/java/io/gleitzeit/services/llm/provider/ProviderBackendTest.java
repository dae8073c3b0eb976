package io.gleitzeit.services.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.protocol.Usage;
import io.gleitzeit.services.llm.ImageFetcher;
import io.gleitzeit.services.llm.LlmReply;
import io.gleitzeit.services.llm.LlmRequest;
import io.gleitzeit.services.llm.RecordingContext;
import io.gleitzeit.services.llm.provider.ScriptedServer.Reply;
import io.gleitzeit.services.sdk.TaskFailedException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each provider's request and response format, streaming, retries and key handling, against a local server. */
class ProviderBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-4f9a1c2b7d3e8f60a5b4c3d2";
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private ScriptedServer server;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderBackend backend(String name, ProviderKind kind) {
        ProviderOptions options = ProviderOptions.newBuilder(name, kind).baseUrl(server.url())
                .apiKey(ApiKey.of(KEY)).maxAttempts(3).build();
        return new ProviderBackend(options, JSON, new ImageFetcher(), sleeps::add, Clock.systemUTC());
    }

    private static JsonNode params(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static LlmReply run(ProviderBackend backend, JsonNode params, RecordingContext context)
            throws Exception {
        return backend.generate(LlmRequest.from(params, params.has("image")), context);
    }

    @Nested
    class OpenAi {
        @Test
        void streamsChatCompletionChunksAndTheUsageChunk() throws Exception {
            server.then(Reply.sse(
                    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n",
                    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n",
                    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n",
                    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n",
                    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n",
                    "data: [DONE]\n\n"));
            RecordingContext context = RecordingContext.forTask("t1", null);

            LlmReply reply = run(backend("openai", ProviderKind.OPENAI), params("""
                    {"prompt": "Say hello", "model": "gpt-4o-mini", "system": "be brief", "temperature": 0.5,
                     "max_tokens": 20}"""), context);

            assertThat(context.chunks()).containsExactly("Hello", " world");
            assertThat(reply.text()).isEqualTo("Hello world");
            assertThat(reply.usage()).isEqualTo(new Usage(9, 2));
            assertThat(reply.endpointId()).isEqualTo("openai");
            ScriptedServer.Request request = server.requests().get(0);
            assertThat(request.pathAndQuery()).isEqualTo("/chat/completions");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(request.body()).isEqualTo(params("""
                    {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "be brief"},
                     {"role": "user", "content": "Say hello"}], "temperature": 0.5, "max_tokens": 20,
                     "stream": true, "stream_options": {"include_usage": true}}"""));
        }

        @Test
        void aNonStreamedCompletionAndAnImageAsADataUrl() throws Exception {
            server.then(Reply.json(200, """
                    {"id": "chatcmpl-2", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": "A red pixel.",
                       "refusal": null}, "logprobs": null, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 85, "completion_tokens": 4, "total_tokens": 89}}"""));
            RecordingContext context = RecordingContext.forTask("t1", null);

            LlmReply reply = run(backend("openai", ProviderKind.OPENAI), params("""
                    {"prompt": "What is this?", "model": "gpt-4o", "image": "%s", "stream": false}"""
                    .formatted(PIXEL)), context);

            assertThat(reply.text()).isEqualTo("A red pixel.");
            assertThat(reply.usage()).isEqualTo(new Usage(85, 4));
            assertThat(context.chunks()).isEmpty();
            assertThat(server.requests().get(0).body().get("messages")).isEqualTo(params("""
                    [{"role": "user", "content": [{"type": "text", "text": "What is this?"},
                      {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}]}]""".formatted(PIXEL)));
        }

        @Test
        void aCustomOpenAiCompatibleServerNeedsNoKey() throws Exception {
            server.then(Reply.json(200, """
                    {"id": "x", "object": "chat.completion", "model": "qwen2.5", "choices": [{"index": 0,
                     "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}]}"""));
            ProviderOptions options = ProviderOptions.newBuilder("vllm", ProviderKind.OPENAI_COMPATIBLE)
                    .baseUrl(server.url() + "/v1").defaultModel("qwen2.5").build();
            ProviderBackend vllm = new ProviderBackend(options, JSON, new ImageFetcher(), sleeps::add,
                    Clock.systemUTC());

            LlmReply reply = run(vllm, params("{\"prompt\": \"hi\", \"stream\": false}"),
                    RecordingContext.forTask("t1", null));

            assertThat(reply.text()).isEqualTo("hi");
            assertThat(reply.endpointId()).isEqualTo("vllm");
            assertThat(reply.usage()).isNull();
            assertThat(server.requests().get(0).pathAndQuery()).isEqualTo("/v1/chat/completions");
            assertThat(server.requests().get(0).header("Authorization")).isNull();
        }
    }

    @Nested
    class Anthropic {
        @Test
        void streamsMessageEventsWithUsageFromStartAndDelta() throws Exception {
            server.then(Reply.sse(
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-sonnet-20241022\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n",
                    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
                    "event: ping\ndata: {\"type\": \"ping\"}\n\n",
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"!\"}}\n\n",
                    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n",
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
            RecordingContext context = RecordingContext.forTask("t1", null);

            LlmReply reply = run(backend("anthropic", ProviderKind.ANTHROPIC), params("""
                    {"prompt": "Hi", "model": "claude-3-5-sonnet-20241022", "system": "be kind",
                     "temperature": 1.5}"""), context);

            assertThat(context.chunks()).containsExactly("Hello", "!");
            assertThat(reply.text()).isEqualTo("Hello!");
            assertThat(reply.usage()).isEqualTo(new Usage(25, 15));
            ScriptedServer.Request request = server.requests().get(0);
            assertThat(request.pathAndQuery()).isEqualTo("/v1/messages");
            assertThat(request.header("x-api-key")).isEqualTo(KEY);
            assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
            assertThat(request.body()).isEqualTo(params("""
                    {"model": "claude-3-5-sonnet-20241022", "max_tokens": 1024, "system": "be kind",
                     "messages": [{"role": "user", "content": "Hi"}], "temperature": 1.0, "stream": true}"""));
        }

        @Test
        void anImageGoesAsABase64BlockBeforeTheText() throws Exception {
            server.then(Reply.json(200, """
                    {"id": "msg_2", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-20241022",
                     "content": [{"type": "text", "text": "A pixel."}], "stop_reason": "end_turn",
                     "stop_sequence": null, "usage": {"input_tokens": 1551, "output_tokens": 5}}"""));

            LlmReply reply = run(backend("anthropic", ProviderKind.ANTHROPIC), params("""
                    {"prompt": "Describe", "model": "claude-3-5-sonnet-20241022", "image": "%s", "max_tokens": 50,
                     "stream": false}""".formatted(PIXEL)), RecordingContext.forTask("t1", null));

            assertThat(reply.text()).isEqualTo("A pixel.");
            assertThat(reply.usage()).isEqualTo(new Usage(1551, 5));
            assertThat(server.requests().get(0).body().get("messages")).isEqualTo(params("""
                    [{"role": "user", "content": [
                      {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "%s"}},
                      {"type": "text", "text": "Describe"}]}]""".formatted(PIXEL)));
        }

        @Test
        void anOverloadedErrorEventBeforeAnyTextIsRetried() throws Exception {
            server.then(Reply.sse(
                    "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"))
                    .then(Reply.sse(
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_3\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-haiku-20240307\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n",
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n",
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));

            LlmReply reply = run(backend("anthropic", ProviderKind.ANTHROPIC), params("""
                    {"prompt": "Hi", "model": "claude-3-haiku-20240307"}"""), RecordingContext.forTask("t1", null));

            assertThat(reply.text()).isEqualTo("ok");
            assertThat(server.requests()).hasSize(2);
            assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        }
    }

    @Nested
    class Gemini {
        @Test
        void streamsGenerateContentAsSseWithTheKeyInAHeader() throws Exception {
            server.then(Reply.sse(
                    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"The\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8},\"modelVersion\": \"gemini-1.5-flash\"}\r\n\r\n",
                    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" sky is blue\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"candidatesTokenCount\": 4,\"totalTokenCount\": 12},\"modelVersion\": \"gemini-1.5-flash\"}\r\n\r\n"));
            RecordingContext context = RecordingContext.forTask("t1", null);

            LlmReply reply = run(backend("gemini", ProviderKind.GEMINI), params("""
                    {"prompt": "Why is the sky blue?", "model": "gemini-1.5-flash", "system": "one line",
                     "max_tokens": 30, "temperature": 0.1}"""), context);

            assertThat(context.chunks()).containsExactly("The", " sky is blue");
            assertThat(reply.text()).isEqualTo("The sky is blue");
            assertThat(reply.usage()).isEqualTo(new Usage(8, 4));
            ScriptedServer.Request request = server.requests().get(0);
            assertThat(request.pathAndQuery())
                    .isEqualTo("/v1beta/models/gemini-1.5-flash:streamGenerateContent?alt=sse");
            assertThat(request.header("x-goog-api-key")).isEqualTo(KEY);
            assertThat(request.body()).isEqualTo(params("""
                    {"contents": [{"role": "user", "parts": [{"text": "Why is the sky blue?"}]}],
                     "systemInstruction": {"parts": [{"text": "one line"}]},
                     "generationConfig": {"temperature": 0.1, "maxOutputTokens": 30}}"""));
        }

        @Test
        void anImageUrlIsFetchedAndSentInline() throws Exception {
            byte[] png = Base64.getDecoder().decode(PIXEL);
            server.file("/cat.png", png).then(Reply.json(200, """
                    {"candidates": [{"content": {"parts": [{"text": "A cat."}], "role": "model"},
                      "finishReason": "STOP", "index": 0}],
                     "usageMetadata": {"promptTokenCount": 260, "candidatesTokenCount": 3, "totalTokenCount": 263},
                     "modelVersion": "gemini-1.5-pro"}"""));

            LlmReply reply = run(backend("gemini", ProviderKind.GEMINI), params("""
                    {"prompt": "What animal?", "model": "gemini-1.5-pro", "image": "%s/cat.png", "stream": false}"""
                    .formatted(server.url())), RecordingContext.forTask("t1", null));

            assertThat(reply.text()).isEqualTo("A cat.");
            assertThat(server.requests().get(0).pathAndQuery()).isEqualTo("/v1beta/models/gemini-1.5-pro:generateContent");
            assertThat(server.requests().get(0).body().get("contents")).isEqualTo(params("""
                    [{"role": "user", "parts": [{"text": "What animal?"},
                      {"inline_data": {"mime_type": "image/png", "data": "%s"}}]}]""".formatted(PIXEL)));
        }
    }

    @Nested
    class Retrying {
        @Test
        void aRateLimitIsRetriedAfterWhatRetryAfterAsks() throws Exception {
            server.then(Reply.json(429, """
                    {"error": {"message": "Rate limit reached for gpt-4o", "type": "requests", "code": "rate_limit_exceeded"}}""")
                    .withHeader("Retry-After", "7"))
                    .then(Reply.json(200, """
                    {"model": "gpt-4o", "choices": [{"index": 0, "message": {"role": "assistant", "content": "done"},
                     "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 1}}"""));
            RecordingContext context = RecordingContext.forTask("t1", null);

            LlmReply reply = run(backend("openai", ProviderKind.OPENAI), params("""
                    {"prompt": "x", "model": "gpt-4o", "stream": false}"""), context);

            assertThat(reply.text()).isEqualTo("done");
            assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
            assertThat(context.messages()).anySatisfy(m -> assertThat(m).contains("HTTP 429", "Rate limit reached"));
        }

        @Test
        void serverErrorsBackOffExponentiallyAndThenFailAsRetryable() throws Exception {
            for (int i = 0; i < 3; i++) {
                server.then(Reply.json(529, """
                        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"""));
            }

            assertThatThrownBy(() -> run(backend("anthropic", ProviderKind.ANTHROPIC), params("""
                    {"prompt": "x", "model": "claude-3-haiku-20240307"}"""), RecordingContext.forTask("t1", null)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.fault().retryable()).isTrue();
                        assertThat(e.getMessage()).contains("HTTP 529", "Overloaded", "after 3 calls");
                    });
            assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }

        @Test
        void aClientErrorIsNotRetriedAndCarriesTheProvidersMessage() throws Exception {
            server.then(Reply.json(400, """
                    {"error": {"code": 400, "message": "* GenerateContentRequest.contents: contents is not specified",
                     "status": "INVALID_ARGUMENT"}}"""));

            assertThatThrownBy(() -> run(backend("gemini", ProviderKind.GEMINI), params("""
                    {"prompt": "x", "model": "gemini-1.5-flash"}"""), RecordingContext.forTask("t1", null)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.fault().retryable()).isFalse();
                        assertThat(e.fault().errorType()).isEqualTo("provider_rejected");
                        assertThat(e.getMessage()).isEqualTo(
                                "gemini: HTTP 400: * GenerateContentRequest.contents: contents is not specified");
                    });
            assertThat(server.requests()).hasSize(1);
            assertThat(sleeps).isEmpty();
        }

        @Test
        void aWaitPastTheDeadlineIsNotStarted() throws Exception {
            server.then(Reply.json(429, "{\"error\": {\"message\": \"slow down\"}}").withHeader("Retry-After", "3600"));
            RecordingContext context = new RecordingContext(io.gleitzeit.protocol.TaskAssignment
                    .newBuilder("t1", "wf", 1).deadline(java.time.Instant.now().plusSeconds(60)).build());

            assertThatThrownBy(() -> run(backend("openai", ProviderKind.OPENAI), params("""
                    {"prompt": "x", "model": "gpt-4o"}"""), context))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.fault().retryable()).isTrue();
                        assertThat(e.getMessage()).contains("would pass the task's deadline");
                    });
            assertThat(sleeps).isEmpty();
        }
    }

    @Nested
    class Secrets {
        @Test
        void aKeyEchoedByTheProviderReachesNoErrorAndNoLog() throws Exception {
            server.then(Reply.json(401, """
                    {"error": {"message": "Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.",
                     "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}""".formatted(KEY)));
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.err;
            Throwable thrown;
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                thrown = org.assertj.core.api.Assertions.catchThrowable(() -> run(backend("openai",
                        ProviderKind.OPENAI), params("{\"prompt\": \"x\", \"model\": \"gpt-4o\"}"),
                        RecordingContext.forTask("t1", null)));
            } finally {
                System.setErr(original);
            }

            assertThat(thrown).isInstanceOf(TaskFailedException.class);
            assertThat(thrown.getMessage()).contains("Incorrect API key provided: [redacted]").doesNotContain(KEY);
            assertThat(((TaskFailedException) thrown).fault().retryable()).isFalse();
            assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
        }

        @Test
        void keysPrintAsRedactedAndPartialEchoesAreRemoved() {
            ApiKey key = ApiKey.of(KEY);

            assertThat(key.toString()).isEqualTo("ApiKey[redacted]").doesNotContain(KEY);
            assertThat(key.redact("key " + KEY.substring(0, KEY.length() - 4) + "****"))
                    .doesNotContain(KEY.substring(0, KEY.length() - 4));
            assertThat(ProviderOptions.newBuilder("openai", ProviderKind.OPENAI).apiKey(key).build().toString())
                    .doesNotContain(KEY);
        }

        @Test
        void anUnreadableKeyFileIsNamedButNotQuoted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
                throws Exception {
            java.nio.file.Path file = dir.resolve("key");
            java.nio.file.Files.writeString(file, KEY + "\n");

            assertThat(ApiKey.fromFile(file).redact(KEY)).isEqualTo("[redacted]");
            assertThatThrownBy(() -> ApiKey.fromFile(dir.resolve("missing")))
                    .hasMessageContaining("missing").hasMessageNotContaining(KEY);
        }
    }
}
