package io.gleitzeit.services.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.services.llm.ollama.FakeOllama;
import io.gleitzeit.services.llm.ollama.InternalLlm;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import io.gleitzeit.services.llm.ollama.RoutingStrategy;
import io.gleitzeit.services.llm.provider.ApiKey;
import io.gleitzeit.services.llm.provider.ProviderBackend;
import io.gleitzeit.services.llm.provider.ProviderKind;
import io.gleitzeit.services.llm.provider.ProviderOptions;
import io.gleitzeit.services.llm.provider.ScriptedServer;
import io.gleitzeit.services.llm.provider.ScriptedServer.Reply;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LLM service end to end through the SDK and a real Socket.IO hub: Ollama endpoints, OpenAI and Anthropic behind
 * one service, chunks relayed as {@code task:progress}, usage and {@code endpoint_id} in {@code task:completed},
 * endpoint state in heartbeats, and API keys in no payload the hub ever receives.
 */
class LlmServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OPENAI_KEY = "sk-proj-Zx81QmT0b5KcV3nP9wR2yL6hD4";
    private static final String ANTHROPIC_KEY = "sk-ant-api03-Hq7mXv2cR9tB1nL5kW8pZ3";
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private final ObjectMapper json = GleitzeitJson.newMapper();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private TestHub hub;
    private FakeOllama gpu1;
    private ScriptedServer openai;
    private ScriptedServer anthropic;
    private InternalLlm internal;
    private GleitzeitServiceClient client;

    @BeforeEach
    void start() throws Exception {
        hub = track(TestHub.start());
        gpu1 = track(new FakeOllama("gpu1").loaded(List.of("llama3:latest")));
        openai = track(new ScriptedServer());
        anthropic = track(new ScriptedServer());
        internal = track(InternalLlm.start(InternalLlmOptions.newBuilder()
                .endpoints(List.of(OllamaEndpointConfig.of("gpu1", gpu1.url()).withMaxConcurrent(2)))
                .strategy(RoutingStrategy.MODEL_AFFINITY).healthInterval(Duration.ofMillis(200)).build(), json));
        LlmService service = track(LlmService.of(List.of(internal.backend(),
                ProviderBackend.of(ProviderOptions.newBuilder("openai", ProviderKind.OPENAI).baseUrl(openai.url())
                        .apiKey(ApiKey.of(OPENAI_KEY)).models(List.of("gpt-4o")).build(), json),
                ProviderBackend.of(ProviderOptions.newBuilder("anthropic", ProviderKind.ANTHROPIC)
                        .baseUrl(anthropic.url()).apiKey(ApiKey.of(ANTHROPIC_KEY))
                        .models(List.of("claude-3-sonnet-20240229", "claude-3-haiku-20240307")).build(), json))));
        client = track(service.newClient(ServiceOptions.newBuilder().hubUrl(hub.url()).name("llm").nodeId("llm-1")
                .maxConcurrent(4).heartbeatInterval(Duration.ofMillis(200)).ackTimeout(Duration.ofSeconds(2)),
                Optional.of(internal)));
        client.start();
        await().atMost(WAIT).until(() -> client.status().registered());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private TaskAssignment task(String id, String handler, String parameters) throws Exception {
        return TaskAssignment.newBuilder(id, "wf-1", 1).taskType(handler.equals("vision") ? "vision" : "text")
                .externalTaskType(handler).externalParameters(json.readTree(parameters)).build();
    }

    private JsonNode completion(String taskId) {
        return await().atMost(WAIT).until(() -> hub.payloads(EventNames.TASK_COMPLETED).stream()
                .filter(p -> p.path("task_id").asText().equals(taskId)).findFirst(), Optional::isPresent).get();
    }

    private JsonNode failure(String taskId) {
        return await().atMost(WAIT).until(() -> hub.payloads(EventNames.TASK_FAILED).stream()
                .filter(p -> p.path("task_id").asText().equals(taskId)).findFirst(), Optional::isPresent).get();
    }

    @Test
    void registersItsProvidersEndpointsAndModels() {
        JsonNode registration = hub.payloads(EventNames.NODE_REGISTER).get(0);

        assertThat(registration.path("service_type").asText()).isEqualTo("llm");
        assertThat(registration.path("providers")).extracting(JsonNode::asText)
                .containsExactly("internal", "openai", "anthropic");
        assertThat(registration.path("capabilities").path("task_types")).extracting(JsonNode::asText)
                .contains("llm_generation", "vision");
        assertThat(registration.path("endpoints").get(0).path("endpoint_id").asText()).isEqualTo("gpu1");
        assertThat(registration.path("endpoints").get(0).path("max_concurrent").asInt()).isEqualTo(2);
        assertThat(registration.path("routing_strategy").asText()).as("the hub applies it too")
                .isEqualTo("model_affinity");
        assertThat(registration.path("models")).extracting(JsonNode::asText)
                .containsExactly("llama3:latest", "llama3", "llava:latest", "llava", "gpt-4o",
                        "claude-3-sonnet-20240229", "claude-3-haiku-20240307");
    }

    @Test
    void anInternalTaskStreamsItsChunksAndCompletesWithUsageAndEndpoint() throws Exception {
        hub.assign(task("t-int", "llm_generation", "{\"prompt\": \"Hi\", \"model\": \"llama3\"}"));

        JsonNode completed = completion("t-int");

        assertThat(completed.path("result").asText()).isEqualTo("gpu1 says hello");
        assertThat(completed.path("endpoint_id").asText()).isEqualTo("gpu1");
        assertThat(completed.path("usage")).isEqualTo(json.readTree(
                "{\"prompt_tokens\": 26, \"completion_tokens\": 259}"));
        List<String> chunks = hub.payloads(EventNames.TASK_PROGRESS).stream()
                .filter(p -> p.path("task_id").asText().equals("t-int") && p.hasNonNull("chunk"))
                .map(p -> p.path("chunk").asText()).toList();
        assertThat(chunks).containsExactly("gpu1", " says", " hello");
    }

    @Test
    void heartbeatsCarryEachEndpointsStateWithLoadedModelsAndVram() {
        JsonNode endpoint = await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_HEARTBEAT).stream()
                .filter(h -> h.path("endpoints").size() == 1).reduce((a, b) -> b), Optional::isPresent).get()
                .path("endpoints").get(0);

        assertThat(endpoint.path("endpoint_id").asText()).isEqualTo("gpu1");
        assertThat(endpoint.path("healthy").asBoolean()).isTrue();
        assertThat(endpoint.path("loaded_models")).extracting(JsonNode::asText).containsExactly("llama3:latest");
        assertThat(endpoint.path("vram_used_bytes").asLong()).isEqualTo(5137025024L);
    }

    @Test
    void aVisionTaskSendsItsImageToOllama() throws Exception {
        hub.assign(task("t-vis", "vision", "{\"prompt\": \"What is it?\", \"model\": \"llava\", \"image\": \""
                + PIXEL + "\"}"));

        assertThat(completion("t-vis").path("result").asText()).isEqualTo("gpu1 says hello");
        assertThat(gpu1.requests()).singleElement().satisfies(r ->
                assertThat(r.path("images")).extracting(JsonNode::asText).containsExactly(PIXEL));
    }

    @Test
    void tasksForOpenAiAndAnthropicGoByModelPrefixAndReportTheirUsage() throws Exception {
        openai.then(Reply.sse(
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Risk: low\"},\"finish_reason\":null}]}\n\n",
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n",
                "data: [DONE]\n\n"));
        anthropic.then(Reply.json(200, """
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-sonnet-20240229",
                 "content": [{"type": "text", "text": "Report ready"}], "stop_reason": "end_turn",
                 "usage": {"input_tokens": 20, "output_tokens": 2}}"""));

        hub.assign(task("t-oa", "llm_generation", "{\"prompt\": \"Assess\", \"model\": \"gpt-4o\"}"));
        hub.assign(task("t-an", "llm_generation",
                "{\"prompt\": \"Format\", \"model\": \"claude-3-sonnet-20240229\", \"stream\": false}"));

        JsonNode fromOpenAi = completion("t-oa");
        JsonNode fromAnthropic = completion("t-an");
        assertThat(fromOpenAi.path("result").asText()).isEqualTo("Risk: low");
        assertThat(fromOpenAi.path("endpoint_id").asText()).isEqualTo("openai");
        assertThat(fromOpenAi.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(fromAnthropic.path("result").asText()).isEqualTo("Report ready");
        assertThat(fromAnthropic.path("endpoint_id").asText()).isEqualTo("anthropic");
        assertThat(fromAnthropic.path("usage").path("prompt_tokens").asLong()).isEqualTo(20);
    }

    @Test
    void noPayloadTheHubReceivesContainsAnApiKey() throws Exception {
        openai.then(Reply.json(401, """
                {"error": {"message": "Incorrect API key provided: %s.", "type": "invalid_request_error",
                 "code": "invalid_api_key"}}""".formatted(OPENAI_KEY)));
        anthropic.then(Reply.json(401, """
                {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key %s"}}"""
                .formatted(ANTHROPIC_KEY)));

        hub.assign(task("t-k1", "llm_generation", "{\"prompt\": \"x\", \"model\": \"gpt-4o\"}"));
        hub.assign(task("t-k2", "llm_generation", "{\"prompt\": \"x\", \"provider\": \"anthropic\","
                + " \"model\": \"claude-3-haiku-20240307\"}"));

        JsonNode failed = failure("t-k1");
        assertThat(failed.path("retryable").asBoolean()).isFalse();
        assertThat(failed.path("error").asText()).contains("Incorrect API key provided: [redacted]");
        assertThat(failure("t-k2").path("error").asText()).contains("invalid x-api-key [redacted]");
        String everything = hub.received().toString();
        assertThat(everything).doesNotContain(OPENAI_KEY).doesNotContain(ANTHROPIC_KEY);
    }

    @Test
    void aTaskForAProviderThisServiceDoesNotOfferFailsWithoutRetry() throws Exception {
        hub.assign(task("t-gem", "llm_generation", "{\"prompt\": \"x\", \"model\": \"gemini-1.5-pro\"}"));

        JsonNode failed = failure("t-gem");
        assertThat(failed.path("retryable").asBoolean()).isFalse();
        assertThat(failed.path("error").asText()).contains("'gemini' is not offered");
    }

    @Test
    void aFailoverFromTheAssignedEndpointIsReportedAtOnceNamingTheNewEndpoint() throws Exception {
        FakeOllama broken = track(new FakeOllama("broken").mode(FakeOllama.Mode.FAILING_GENERATION));
        internal.addEndpoint(OllamaEndpointConfig.of("gpu0", broken.url()));
        hub.assign(TaskAssignment.newBuilder("t-fo", "wf-1", 1).taskType("text").externalTaskType("llm_generation")
                .externalParameters(json.readTree("{\"prompt\": \"x\", \"model\": \"llama3\"}"))
                .endpointId("gpu0").build());
        hub.assign(TaskAssignment.newBuilder("t-stay", "wf-1", 1).taskType("text").externalTaskType("llm_generation")
                .externalParameters(json.readTree("{\"prompt\": \"x\", \"model\": \"llama3\"}"))
                .endpointId("gpu1").build());

        assertThat(completion("t-fo").path("endpoint_id").asText()).isEqualTo("gpu1");
        assertThat(completion("t-stay").path("endpoint_id").asText()).isEqualTo("gpu1");
        List<JsonNode> moves = hub.payloads(EventNames.TASK_PROGRESS).stream()
                .filter(p -> p.hasNonNull("endpoint_id")).toList();
        assertThat(moves).as("one move, by the task that failed over").singleElement().satisfies(p -> {
            assertThat(p.path("task_id").asText()).isEqualTo("t-fo");
            assertThat(p.path("endpoint_id").asText()).isEqualTo("gpu1");
            assertThat(p.path("attempt").asInt()).isEqualTo(1);
        });
        assertThat(broken.requests()).hasSize(1);
    }

    @Test
    void anEndpointAddedAtRunTimeIsAnnouncedAndUsed() throws Exception {
        FakeOllama gpu2 = track(new FakeOllama("gpu2").models(List.of("mistral:latest")));

        internal.addEndpoint(OllamaEndpointConfig.of("gpu2", gpu2.url()));

        await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_REGISTER).size() >= 2);
        JsonNode again = hub.payloads(EventNames.NODE_REGISTER).get(hub.payloads(EventNames.NODE_REGISTER).size() - 1);
        assertThat(again.path("endpoints")).extracting(e -> e.path("endpoint_id").asText())
                .containsExactly("gpu1", "gpu2");
        assertThat(again.path("models")).extracting(JsonNode::asText).contains("mistral:latest");
        hub.assign(task("t-mis", "llm_generation", "{\"prompt\": \"x\", \"model\": \"mistral\"}"));
        assertThat(completion("t-mis").path("endpoint_id").asText()).isEqualTo("gpu2");

        assertThat(internal.removeEndpoint("gpu2")).isTrue();
        await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_REGISTER).size() >= 3);
        ObjectNode last = (ObjectNode) hub.payloads(EventNames.NODE_REGISTER)
                .get(hub.payloads(EventNames.NODE_REGISTER).size() - 1);
        assertThat(last.path("endpoints")).extracting(e -> e.path("endpoint_id").asText()).containsExactly("gpu1");
    }
}
