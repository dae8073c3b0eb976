package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TokenUsage;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.llm.LlmService;
import io.gleitzeit.services.llm.ollama.InternalLlm;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import io.gleitzeit.services.llm.provider.ApiKey;
import io.gleitzeit.services.llm.provider.ProviderBackend;
import io.gleitzeit.services.llm.provider.ProviderKind;
import io.gleitzeit.services.llm.provider.ProviderOptions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One workflow across an internal Ollama endpoint, Anthropic, OpenAI and a function, with {@code {{…}}} data flow,
 * through a real node (Redis, Socket.IO) and the LLM and function services; only the model APIs are local servers.
 */
@RedisTest
class LlmWorkflowEndToEndTest {
    private static final String ANTHROPIC_KEY = "sk-ant-api03-e2e-Qw8nV4xL2pR7";
    private static final String OPENAI_KEY = "sk-proj-e2e-Jd6tB3mK9sH1";

    private Cluster cluster;
    private LocalModelApis apis;

    private TestRedis redis;

    @BeforeEach
    void setUp(TestRedis redis) throws Exception {
        this.redis = redis;
        cluster = new Cluster(redis);
        apis = cluster.closeLater(new LocalModelApis());
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    @Test
    void aWorkflowMixesInternalAnthropicOpenAiAndFunctionTasks() throws Exception {
        SecretsScan.LogCapture logs = cluster.closeLater(new SecretsScan.LogCapture());
        OrchestratorNode node = cluster.node();
        var json = GleitzeitJson.newMapper();
        InternalLlm internal = cluster.closeLater(InternalLlm.start(InternalLlmOptions.newBuilder()
                .endpoints(List.of(OllamaEndpointConfig.of("gpu1", apis.url()).withMaxConcurrent(2)))
                .healthInterval(Duration.ofSeconds(1)).build(), json));
        LlmService llm = cluster.closeLater(LlmService.of(List.of(internal.backend(),
                ProviderBackend.of(ProviderOptions.newBuilder("anthropic", ProviderKind.ANTHROPIC)
                        .baseUrl(apis.url()).apiKey(ApiKey.of(ANTHROPIC_KEY)).build(), json),
                ProviderBackend.of(ProviderOptions.newBuilder("openai", ProviderKind.OPENAI)
                        .baseUrl(apis.url() + "/v1").apiKey(ApiKey.of(OPENAI_KEY)).build(), json))));
        GleitzeitServiceClient llmClient = cluster.closeLater(llm.newClient(
                cluster.serviceOptions(node, "llm", 4), Optional.of(internal)));
        llmClient.start();
        // one at a time: a second registration racing the hub's first start-up release can be lost (left to the hub)
        await().atMost(Cluster.WAIT).until(() -> llmClient.status().registered());
        GleitzeitServiceClient functions = cluster.closeLater(FunctionService.of(FunctionRegistry.newBuilder()
                .add(BuiltinFunctions.all()).build()).newClient(cluster.serviceOptions(node, "functions", 2)));
        functions.start();
        await().atMost(Cluster.WAIT).until(() -> llmClient.status().registered() && functions.status().registered());

        String id = cluster.submit(node, """
                {"name": "Financial Analysis", "tasks": [
                  {"name": "Extract Numbers", "type": "text", "prompt": "Extract financial metrics: revenue 100",
                   "model": "llama3", "provider": "internal"},
                  {"name": "Risk Assessment", "type": "text", "prompt": "Assess risks: {{Extract Numbers.result}}",
                   "model": "claude-3-sonnet-20240229", "dependencies": ["Extract Numbers"]},
                  {"name": "Summary", "type": "text", "prompt": "Summarise: {{Risk Assessment.result}}",
                   "model": "gpt-4o-mini", "dependencies": ["Risk Assessment"]},
                  {"name": "Statistics", "type": "python", "function": "text_statistics",
                   "args": ["{{Summary.result}}"], "dependencies": ["Summary"]}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);

        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(state.taskByName("Extract Numbers").orElseThrow().result().asText()).isEqualTo("EBITDA 42");
        assertThat(state.taskByName("Summary").orElseThrow().result().asText()).isEqualTo("All good, risk is low");
        assertThat(state.taskByName("Statistics").orElseThrow().result().path("word_count").asInt()).isEqualTo(5);
        // each result went into the next prompt
        assertThat(apis.anthropicRequests).singleElement().satisfies(r -> assertThat(
                r.path("messages").get(0).path("content").asText()).isEqualTo("Assess risks: EBITDA 42"));
        assertThat(apis.openAiRequests).singleElement().satisfies(r -> assertThat(
                r.path("messages").get(0).path("content").asText()).isEqualTo("Summarise: Risk: low"));
        // usage and endpoints are recorded in the completions
        Map<String, TaskCompleted> completions = cluster.events(node, id).stream().map(e -> e.payload())
                .filter(TaskCompleted.class::isInstance).map(TaskCompleted.class::cast)
                .collect(Collectors.toMap(c -> state.task(c.taskId()).orElseThrow().name(), c -> c));
        assertThat(completions.get("Extract Numbers").endpointId()).isEqualTo("gpu1");
        assertThat(completions.get("Extract Numbers").usage()).isEqualTo(new TokenUsage(12, 2));
        assertThat(completions.get("Risk Assessment").endpointId()).isEqualTo("anthropic");
        assertThat(completions.get("Risk Assessment").usage()).isEqualTo(new TokenUsage(18, 3));
        assertThat(completions.get("Summary").usage()).isEqualTo(new TokenUsage(9, 5));
        assertThat(cluster.events(node, id)).map(e -> e.payload()).filteredOn(TaskDispatched.class::isInstance)
                .map(p -> ((TaskDispatched) p).target().serviceName())
                .containsExactlyInAnyOrder("llm", "llm", "llm", "functions");
        assertThat(cluster.events(node, id).toString()).doesNotContain(ANTHROPIC_KEY).doesNotContain(OPENAI_KEY);
        // nor anywhere else: every stream, hash and set the node and services wrote, and everything logged
        List<String> keys = List.of(ANTHROPIC_KEY, OPENAI_KEY);
        assertThat(SecretsScan.redis(redis.connect().sync(), redis.prefix(), keys)).isEmpty();
        assertThat(logs.text()).isNotEmpty().doesNotContain(ANTHROPIC_KEY).doesNotContain(OPENAI_KEY);
    }

    @Test
    void anEndpointAddedAtRunTimeIsAnnouncedAndTheHubRoutesItsModel() throws Exception {
        OrchestratorNode node = cluster.node();
        InternalLlm internal = cluster.closeLater(InternalLlm.start(InternalLlmOptions.newBuilder()
                .endpoints(List.of(OllamaEndpointConfig.of("gpu1", apis.url())))
                .healthInterval(Duration.ofSeconds(1)).build(), GleitzeitJson.newMapper()));
        LlmService llm = cluster.closeLater(LlmService.of(List.of(internal.backend())));
        GleitzeitServiceClient client = cluster.closeLater(llm.newClient(cluster.serviceOptions(node, "ollama", 2),
                Optional.of(internal)));
        client.start();
        await().atMost(Cluster.WAIT).until(() -> client.status().registered());

        // no endpoint has mistral yet: the task waits
        String id = cluster.submit(node, """
                {"name": "late model", "tasks": [{"name": "Ask", "type": "text", "prompt": "hi", "model": "mistral"}]}""");
        Thread.sleep(1500);
        assertThat(cluster.state(node, id).taskByName("Ask").orElseThrow().status().isTerminal()).isFalse();
        assertThat(cluster.events(node, id)).map(e -> e.payload()).noneMatch(TaskDispatched.class::isInstance);

        LocalModelApis gpu2 = cluster.closeLater(new LocalModelApis("mistral:latest"));
        internal.addEndpoint(OllamaEndpointConfig.of("gpu2", gpu2.url()));

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(gpu2.ollamaRequests).hasSize(1);
        assertThat(apis.ollamaRequests).isEmpty();
    }
}
