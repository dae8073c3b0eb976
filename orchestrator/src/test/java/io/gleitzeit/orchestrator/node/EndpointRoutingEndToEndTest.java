package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.orchestrator.routing.EndpointCandidate;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.services.llm.LlmService;
import io.gleitzeit.services.llm.ollama.FakeOllama;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Endpoint-level routing through a real node (Redis, Socket.IO) and the LLM service over local Ollama servers: the
 * decider chooses the endpoint from the projections' per-endpoint figures, records it and the figures in the dispatch
 * event, and the service runs the task on the endpoint it was told.
 */
@RedisTest
class EndpointRoutingEndToEndTest {
    private static final int TASKS = 8;

    private Cluster cluster;

    @BeforeEach
    void setUp(TestRedis redis) {
        cluster = new Cluster(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    @Test
    void concurrentTasksSplitEvenlyAcrossHealthyEndpointsAndNoneGoToAnUnhealthyOne() throws Exception {
        OrchestratorNode node = cluster.node();
        // slow tokens keep every attempt in flight while the rest are routed
        FakeOllama gpu1 = cluster.closeLater(new FakeOllama("gpu1").tokenDelay(Duration.ofMillis(200)));
        FakeOllama gpu2 = cluster.closeLater(new FakeOllama("gpu2").tokenDelay(Duration.ofMillis(200)));
        FakeOllama gpu3 = cluster.closeLater(new FakeOllama("gpu3").mode(FakeOllama.Mode.FAILING));
        InternalLlm internal = cluster.closeLater(InternalLlm.start(InternalLlmOptions.newBuilder()
                .endpoints(List.of(OllamaEndpointConfig.of("gpu1", gpu1.url()).withMaxConcurrent(TASKS),
                        OllamaEndpointConfig.of("gpu2", gpu2.url()).withMaxConcurrent(TASKS),
                        OllamaEndpointConfig.of("gpu3", gpu3.url()).withMaxConcurrent(TASKS)))
                .healthInterval(Duration.ofMillis(300)).build(), GleitzeitJson.newMapper()));
        LlmService llm = cluster.closeLater(LlmService.of(List.of(internal.backend())));
        GleitzeitServiceClient client = cluster.closeLater(llm.newClient(
                cluster.serviceOptions(node, "ollama", 3 * TASKS), Optional.of(internal)));
        client.start();
        // routing sees the three endpoints, gpu3 reported down by the service's health checks
        await().atMost(Cluster.WAIT).until(() -> endpoint(node, "gpu3").map(e -> !e.healthy()).orElse(false)
                && endpoint(node, "gpu1").map(EndpointCandidate::healthy).orElse(false));

        String tasks = IntStream.range(0, TASKS).mapToObj(i -> """
                {"name": "Ask %d", "type": "text", "prompt": "question %d", "model": "llama3",
                 "provider": "internal"}"""
                .formatted(i, i)).collect(Collectors.joining(","));
        String id = cluster.submit(node, "{\"name\": \"fan out\", \"tasks\": [" + tasks + "]}");
        WorkflowState state = cluster.awaitFinished(node, id);

        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        List<TaskDispatched> dispatches = cluster.events(node, id).stream().map(e -> e.payload())
                .filter(TaskDispatched.class::isInstance).map(TaskDispatched.class::cast).toList();
        assertThat(dispatches).hasSize(TASKS);
        Map<String, Long> split = dispatches.stream().collect(Collectors.groupingBy(
                d -> d.target().endpointId(), Collectors.counting()));
        assertThat(split).as("no dispatch to the unhealthy endpoint").containsOnlyKeys("gpu1", "gpu2");
        assertThat(Math.abs(split.get("gpu1") - split.get("gpu2"))).as("within one of even: " + split)
                .isLessThanOrEqualTo(1);
        for (TaskDispatched d : dispatches) {
            assertThat(d.routing().strategy()).isEqualTo("least_loaded");
            assertThat(d.routing().candidates()).as("the figures that decided it").isNotEmpty()
                    .allSatisfy(c -> {
                        assertThat(c.endpointId()).isIn("gpu1", "gpu2");
                        assertThat(c.capacity()).isEqualTo(TASKS);
                        assertThat(c.healthy()).isTrue();
                    });
            CandidateLoad chosen = d.routing().candidates().get(0);
            assertThat(chosen.endpointId()).isEqualTo(d.target().endpointId());
        }
        // the service ran each task where the hub said
        assertThat(gpu1.served() + gpu2.served()).isEqualTo(TASKS);
        assertThat(gpu1.served()).isEqualTo(split.get("gpu1").intValue());
        assertThat(gpu3.requests()).isEmpty();
        Map<String, String> answeredBy = state.tasks().values().stream().collect(Collectors.toMap(
                t -> t.name(), t -> t.result().asText()));
        Map<String, String> dispatchedTo = dispatches.stream().collect(Collectors.toMap(
                d -> state.task(d.taskId()).orElseThrow().name(), d -> d.target().endpointId()));
        answeredBy.forEach((task, answer) -> assertThat(answer).startsWith(dispatchedTo.get(task)));
    }

    @Test
    void aSlowEndpointReceivesLessThanAFastOne() throws Exception {
        OrchestratorNode node = cluster.node();
        FakeOllama fast = cluster.closeLater(new FakeOllama("fast").tokenDelay(Duration.ofMillis(5)));
        FakeOllama slow = cluster.closeLater(new FakeOllama("slow").tokenDelay(Duration.ofMillis(400)));
        InternalLlm internal = cluster.closeLater(InternalLlm.start(InternalLlmOptions.newBuilder()
                .endpoints(List.of(OllamaEndpointConfig.of("fast", fast.url()).withMaxConcurrent(2),
                        OllamaEndpointConfig.of("slow", slow.url()).withMaxConcurrent(2)))
                .healthInterval(Duration.ofSeconds(1)).build(), GleitzeitJson.newMapper()));
        GleitzeitServiceClient client = cluster.closeLater(LlmService.of(List.of(internal.backend()))
                .newClient(cluster.serviceOptions(node, "ollama", 4), Optional.of(internal)));
        client.start();
        await().atMost(Cluster.WAIT).until(() -> endpoint(node, "slow").isPresent());

        int count = 16;
        String tasks = IntStream.range(0, count).mapToObj(i -> """
                {"name": "Ask %d", "type": "text", "prompt": "question %d", "model": "llama3"}"""
                .formatted(i, i)).collect(Collectors.joining(","));
        WorkflowState state = cluster.awaitFinished(node,
                cluster.submit(node, "{\"name\": \"uneven\", \"tasks\": [" + tasks + "]}"));

        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(fast.served() + slow.served()).isEqualTo(count);
        // a slot on the slow endpoint frees rarely, so most tasks go where slots free often
        assertThat(fast.served()).as("fast %d, slow %d", fast.served(), slow.served())
                .isGreaterThan(slow.served());
        assertThat(fast.maxInFlight()).isLessThanOrEqualTo(2);
        assertThat(slow.maxInFlight()).isLessThanOrEqualTo(2);
    }

    @Test
    void aTaskForAProviderNoServiceOffersWaitsUntilOneRegisters() throws Exception {
        OrchestratorNode node = cluster.node();
        LocalModelApis apis = cluster.closeLater(new LocalModelApis());
        var json = GleitzeitJson.newMapper();
        InternalLlm internal = cluster.closeLater(InternalLlm.start(InternalLlmOptions.newBuilder()
                .endpoints(List.of(OllamaEndpointConfig.of("gpu1", apis.url())))
                .healthInterval(Duration.ofSeconds(1)).build(), json));
        GleitzeitServiceClient ollama = cluster.closeLater(LlmService.of(List.of(internal.backend()))
                .newClient(cluster.serviceOptions(node, "ollama", 2), Optional.of(internal)));
        ollama.start();
        await().atMost(Cluster.WAIT).until(() -> ollama.status().registered());

        String id = cluster.submit(node, """
                {"name": "needs claude", "tasks": [{"name": "Ask", "type": "text", "prompt": "hi",
                 "model": "claude-3-haiku-20240307"}]}""");
        // only the internal provider is connected: the task waits, it is not sent there
        await().pollDelay(Duration.ofMillis(1500)).atMost(Cluster.WAIT).until(() -> true);
        assertThat(cluster.state(node, id).taskByName("Ask").orElseThrow().status().isTerminal()).isFalse();
        assertThat(cluster.events(node, id)).map(e -> e.payload()).noneMatch(TaskDispatched.class::isInstance);
        assertThat(apis.ollamaRequests).isEmpty();

        GleitzeitServiceClient anthropic = cluster.closeLater(LlmService.of(List.of(ProviderBackend.of(
                ProviderOptions.newBuilder("anthropic", ProviderKind.ANTHROPIC).baseUrl(apis.url())
                        .apiKey(ApiKey.of("sk-ant-api03-route-Zp4")).build(), json)))
                .newClient(cluster.serviceOptions(node, "claude", 2), Optional.empty()));
        anthropic.start();

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(cluster.events(node, id)).map(e -> e.payload()).filteredOn(TaskDispatched.class::isInstance)
                .map(p -> ((TaskDispatched) p).target().serviceName()).containsExactly("claude");
        assertThat(apis.anthropicRequests).hasSize(1);
        assertThat(apis.ollamaRequests).isEmpty();
    }

    private static Optional<EndpointCandidate> endpoint(OrchestratorNode node, String endpointId) {
        return node.routing().current().candidates().stream().map(ServiceCandidate::endpoints)
                .flatMap(List::stream).filter(e -> e.endpointId().equals(endpointId)).findFirst();
    }
}
