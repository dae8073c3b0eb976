package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.orchestrator.routing.EndpointCandidate;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.projections.load.EndpointLoad;
import io.gleitzeit.projections.load.LoadAnomalies;
import io.gleitzeit.services.llm.LlmService;
import io.gleitzeit.services.llm.ollama.FakeOllama;
import io.gleitzeit.services.llm.ollama.InternalLlm;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import io.gleitzeit.services.llm.ollama.RoutingStrategy;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's endpoint strategies, endpoint priority and failover accounting through real nodes (Redis, Socket.IO) and
 * the internal LLM service over local Ollama servers. The service declares its strategy in {@code node:register};
 * the decider ranks the endpoints by it and records it in each dispatch. The splits each test sees are logged.
 */
@RedisTest
class EndpointStrategiesEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointStrategiesEndToEndTest.class);

    private Cluster cluster;

    @BeforeEach
    void setUp(TestRedis redis) {
        cluster = new Cluster(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RoutingStrategy.class)
    void concurrentTasksOnThreeEqualEndpointsSplitEvenlyAndNoneGoesToTheUnhealthyOne(RoutingStrategy strategy)
            throws Exception {
        OrchestratorNode node = cluster.node();
        int tasks = 9;
        List<FakeOllama> gpus = new ArrayList<>();
        List<OllamaEndpointConfig> endpoints = new ArrayList<>();
        for (String name : List.of("gpu1", "gpu2", "gpu3")) {
            // held until all nine run at once
            FakeOllama gpu = cluster.closeLater(new FakeOllama(name).hold());
            gpus.add(gpu);
            endpoints.add(OllamaEndpointConfig.of(name, gpu.url()).withMaxConcurrent(3));
        }
        FakeOllama down = cluster.closeLater(new FakeOllama("gpu4").mode(FakeOllama.Mode.FAILING));
        endpoints.add(OllamaEndpointConfig.of("gpu4", down.url()).withMaxConcurrent(3));
        connect(node, strategy, endpoints, 16);
        await().atMost(Cluster.WAIT).until(() -> endpoint(node, "gpu4").map(e -> !e.healthy()).orElse(false)
                && endpoint(node, "gpu3").map(EndpointCandidate::healthy).orElse(false));

        String id = cluster.submit(node, fanOut("even", tasks));
        await().atMost(Cluster.WAIT).until(() -> gpus.stream().mapToInt(FakeOllama::inFlight).sum() == tasks);
        gpus.forEach(FakeOllama::release);
        WorkflowState state = cluster.awaitFinished(node, id);

        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        List<TaskDispatched> dispatches = dispatches(cluster.events(node, state.workflowId()));
        Map<String, Long> split = split(dispatches);
        LOG.info("{}: {} tasks on 3 equal endpoints (+1 down) split {}, max in flight {}", strategy.wireName(), tasks,
                split, gpus.stream().map(FakeOllama::maxInFlight).toList());
        assertThat(split).as("none to the unhealthy endpoint").containsOnlyKeys("gpu1", "gpu2", "gpu3");
        assertThat(split.values()).as("3 each: " + split).containsOnly(3L);
        assertThat(gpus).allSatisfy(g -> assertThat(g.maxInFlight()).as("all at once").isEqualTo(3));
        assertThat(down.requests()).isEmpty();
        assertThat(dispatches).allSatisfy(d -> {
            assertThat(d.routing().strategy()).isEqualTo(strategy.wireName());
            assertThat(d.routing().reason()).startsWith(strategy.wireName().replace('_', ' ') + " of ");
            assertThat(d.routing().candidates()).allSatisfy(c -> assertThat(c.dispatched()).isNotNull());
        });
    }

    @Test
    void roundRobinTakesTurnsAcrossTwoReplicasFromTheSharedDispatchCounts() throws Exception {
        OrchestratorNode first = cluster.node();
        OrchestratorNode second = cluster.node();
        List<FakeOllama> gpus = new ArrayList<>();
        List<OllamaEndpointConfig> endpoints = new ArrayList<>();
        for (String name : List.of("gpu1", "gpu2", "gpu3")) {
            FakeOllama gpu = cluster.closeLater(new FakeOllama(name).tokenDelay(Duration.ofMillis(20)));
            gpus.add(gpu);
            endpoints.add(OllamaEndpointConfig.of(name, gpu.url()).withMaxConcurrent(16));
        }
        connect(first, RoutingStrategy.ROUND_ROBIN, endpoints, 48);
        await().atMost(Cluster.WAIT).until(() -> endpoint(second, "gpu3").isPresent());

        // a burst of one-task workflows: their partitions are decided by both replicas, concurrently
        int workflows = 30;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < workflows; i++) {
            ids.add(cluster.submit(i % 2 == 0 ? first : second, fanOut("rr-" + i, 1)));
        }
        List<EventEnvelope<WorkflowEvent>> events = new ArrayList<>();
        for (String id : ids) {
            assertThat(cluster.awaitFinished(first, id).status()).isEqualTo(WorkflowStatus.COMPLETED);
            events.addAll(cluster.events(first, id));
        }

        List<TaskDispatched> dispatches = dispatches(events);
        Map<String, Long> split = split(dispatches);
        Map<String, Long> byReplica = events.stream().filter(e -> e.payload() instanceof TaskDispatched)
                .collect(Collectors.groupingBy(EventEnvelope::producer, TreeMap::new, Collectors.counting()));
        LOG.info("round_robin: {} one-task workflows decided by replicas {} split {}", workflows, byReplica, split);
        assertThat(byReplica).as("both replicas decided").hasSize(2);
        assertThat(split).containsOnlyKeys("gpu1", "gpu2", "gpu3");
        assertThat(Collections.max(split.values()) - Collections.min(split.values()))
                .as("even within the races of two replicas deciding at once: " + split).isLessThanOrEqualTo(2);
        assertThat(dispatches).allSatisfy(d -> assertThat(d.routing().strategy()).isEqualTo("round_robin"));
    }

    @Test
    void fastestResponseSendsMostWorkToTheFastEndpoint() throws Exception {
        OrchestratorNode node = cluster.node();
        FakeOllama fast = cluster.closeLater(new FakeOllama("fast").tokenDelay(Duration.ofMillis(5)));
        FakeOllama slow = cluster.closeLater(new FakeOllama("slow").tokenDelay(Duration.ofSeconds(2)));
        // least_loaded would give the slow one work whenever its share is the lower; fastest_response only while
        // the fast one is full, which its eight slots rarely are
        connect(node, RoutingStrategy.FASTEST_RESPONSE, List.of(
                OllamaEndpointConfig.of("fast", fast.url()).withMaxConcurrent(8),
                OllamaEndpointConfig.of("slow", slow.url()).withMaxConcurrent(2)), 10);
        await().atMost(Cluster.WAIT).until(() -> endpoint(node, "slow").isPresent());

        int tasks = 20;
        WorkflowState state = cluster.awaitFinished(node, cluster.submit(node, fanOut("fastest", tasks)));

        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        List<TaskDispatched> dispatches = dispatches(cluster.events(node, state.workflowId()));
        Map<String, Long> split = split(dispatches);
        LOG.info("fastest_response: {} tasks on fast (5 ms/token, 8 slots) and slow (2 s/token, 2 slots) split {}",
                tasks, split);
        assertThat(fast.served() + slow.served()).isEqualTo(tasks);
        // both unmeasured at first, so the slow one is measured too (its two slots); then it takes nothing the fast
        // one has a slot for
        assertThat(split.getOrDefault("fast", 0L)).as("fast %s", split)
                .isGreaterThan(3 * split.getOrDefault("slow", 0L));
        // Once the routing view holds both latencies (decisions racing the completions may not have them yet), a
        // decision names the latency that decided it.
        await().atMost(Cluster.WAIT).until(() -> endpoint(node, "fast").map(e -> e.ewmaLatencyMs() != null)
                .orElse(false) && endpoint(node, "slow").map(e -> e.ewmaLatencyMs() != null).orElse(false));
        WorkflowState measured = cluster.awaitFinished(node, cluster.submit(node, fanOut("fastest-measured", 1)));
        assertThat(dispatches(cluster.events(node, measured.workflowId()))).singleElement().satisfies(d -> {
            assertThat(d.target().endpointId()).isEqualTo("fast");
            assertThat(d.routing().reason()).as("the decision names the latency that decided").contains(" ms");
        });
    }

    @Test
    void aHigherPriorityWinsTiesAndTakesNoMoreThanItsShare() throws Exception {
        OrchestratorNode node = cluster.node();
        List<OllamaEndpointConfig> endpoints = new ArrayList<>();
        List<FakeOllama> gpus = new ArrayList<>();
        for (String name : List.of("gpu1", "gpu2", "gpu3")) {
            FakeOllama gpu = cluster.closeLater(new FakeOllama(name).tokenDelay(Duration.ofMillis(300)));
            gpus.add(gpu);
            endpoints.add(new OllamaEndpointConfig(name, URI.create(gpu.url()), null, name.equals("gpu3") ? 5 : 0, 2,
                    List.of(), List.of()));
        }
        connect(node, RoutingStrategy.LEAST_LOADED, endpoints, 8);
        await().atMost(Cluster.WAIT).until(() -> endpoint(node, "gpu3").map(e -> e.priority() == 5).orElse(false));

        WorkflowState one = cluster.awaitFinished(node, cluster.submit(node, fanOut("one", 1)));
        assertThat(dispatches(cluster.events(node, one.workflowId()))).singleElement().satisfies(d -> {
            assertThat(d.target().endpointId()).as("all idle: the higher priority").isEqualTo("gpu3");
            assertThat(d.routing().reason()).contains("priority 5");
        });
        // all idle again, as the projection and the node count it
        String serviceId = cluster.firstServiceId(node);
        await().atMost(Cluster.WAIT).until(() -> load(node, serviceId, "gpu3").inFlight() == 0
                && endpoint(node, "gpu3").map(e -> e.inFlight() == 0).orElse(false));

        WorkflowState four = cluster.awaitFinished(node, cluster.submit(node, fanOut("four", 4)));
        Map<String, Long> split = split(dispatches(cluster.events(node, four.workflowId())));
        LOG.info("priority: 4 tasks on gpu1, gpu2, gpu3 (priority 5), max_concurrent 2, split {}", split);
        assertThat(split).containsExactlyInAnyOrderEntriesOf(Map.of("gpu1", 1L, "gpu2", 1L, "gpu3", 2L));
    }

    @Test
    void aFailoverWithinTheAttemptMovesItsLoadToTheEndpointThatTookIt() throws Exception {
        OrchestratorNode node = cluster.node();
        // gpu1 passes its health checks but fails every request; its priority makes the hub choose it first
        FakeOllama gpu1 = cluster.closeLater(new FakeOllama("gpu1").mode(FakeOllama.Mode.FAILING_GENERATION));
        FakeOllama gpu2 = cluster.closeLater(new FakeOllama("gpu2"));
        connect(node, RoutingStrategy.LEAST_LOADED, List.of(
                new OllamaEndpointConfig("gpu1", URI.create(gpu1.url()), null, 10, 2, List.of(), List.of()),
                OllamaEndpointConfig.of("gpu2", gpu2.url()).withMaxConcurrent(2)), 4);
        await().atMost(Cluster.WAIT).until(() -> endpoint(node, "gpu1").map(EndpointCandidate::healthy)
                .orElse(false) && endpoint(node, "gpu2").isPresent());
        String serviceId = cluster.firstServiceId(node);
        gpu2.hold();

        String id = cluster.submit(node, fanOut("failover", 1));

        // while it runs on gpu2, gpu2 holds the slot, in the projection as in the node's routing
        await().atMost(Cluster.WAIT).until(() -> cluster.events(node, id).stream()
                .anyMatch(e -> e.payload() instanceof TaskEndpointSwitched));
        await().atMost(Cluster.WAIT).untilAsserted(() -> {
            assertThat(load(node, serviceId, "gpu1").inFlight()).isZero();
            assertThat(load(node, serviceId, "gpu2").inFlight()).isEqualTo(1);
            assertThat(endpoint(node, "gpu1").orElseThrow().inFlight()).isZero();
            assertThat(endpoint(node, "gpu2").orElseThrow().inFlight()).isEqualTo(1);
        });
        assertThat(gpu2.inFlight()).as("still running").isEqualTo(1);
        gpu2.release();

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        List<EventEnvelope<WorkflowEvent>> events = cluster.events(node, id);
        assertThat(dispatches(events)).singleElement().satisfies(d -> assertThat(d.target().endpointId())
                .isEqualTo("gpu1"));
        assertThat(events).map(EventEnvelope::payload).filteredOn(TaskEndpointSwitched.class::isInstance)
                .singleElement().isEqualTo(new TaskEndpointSwitched(state.tasks().keySet().iterator().next(), 1,
                        "gpu1", "gpu2"));
        assertThat(state.tasks().values().iterator().next().target().endpointId()).isEqualTo("gpu2");
        await().atMost(Cluster.WAIT).untilAsserted(() -> {
            EndpointLoad one = load(node, serviceId, "gpu1");
            EndpointLoad two = load(node, serviceId, "gpu2");
            assertThat(one.inFlight()).isZero();
            assertThat(two.inFlight()).isZero();
            assertThat(one.tasksDispatched()).isEqualTo(1);
            assertThat(one.tasksCompleted()).isZero();
            assertThat(two.tasksDispatched()).isZero();
            assertThat(two.tasksCompleted()).isEqualTo(1);
        });
        assertThat(node.load().anomalies().toCompletableFuture().join()).isEqualTo(new LoadAnomalies(0, 0));
        assertThat(gpu1.requests()).hasSize(1);
        assertThat(gpu2.served()).isEqualTo(1);
    }

    private GleitzeitServiceClient connect(OrchestratorNode node, RoutingStrategy strategy,
                                           List<OllamaEndpointConfig> endpoints, int maxConcurrent) throws Exception {
        InternalLlm internal = cluster.closeLater(InternalLlm.start(InternalLlmOptions.newBuilder()
                .endpoints(endpoints).strategy(strategy).healthInterval(Duration.ofMillis(300)).build(),
                GleitzeitJson.newMapper()));
        GleitzeitServiceClient client = cluster.closeLater(LlmService.of(List.of(internal.backend()))
                .newClient(cluster.serviceOptions(node, "ollama", maxConcurrent), Optional.of(internal)));
        client.start();
        await().atMost(Cluster.WAIT).until(() -> client.status().registered());
        return client;
    }

    private static String fanOut(String name, int tasks) {
        String list = IntStream.range(0, tasks).mapToObj(i -> """
                {"name": "Ask %d", "type": "text", "prompt": "question %d", "model": "llama3",
                 "provider": "internal"}"""
                .formatted(i, i)).collect(Collectors.joining(","));
        return "{\"name\": \"" + name + "\", \"tasks\": [" + list + "]}";
    }

    private static List<TaskDispatched> dispatches(List<EventEnvelope<WorkflowEvent>> events) {
        return events.stream().map(EventEnvelope::payload).filter(TaskDispatched.class::isInstance)
                .map(TaskDispatched.class::cast).toList();
    }

    private static Map<String, Long> split(List<TaskDispatched> dispatches) {
        return dispatches.stream().collect(Collectors.groupingBy(d -> d.target().endpointId(), TreeMap::new,
                Collectors.counting()));
    }

    private static EndpointLoad load(OrchestratorNode node, String serviceId, String endpointId) {
        return node.load().endpoint(serviceId, endpointId).toCompletableFuture().join().orElseThrow();
    }

    private static Optional<EndpointCandidate> endpoint(OrchestratorNode node, String endpointId) {
        return node.routing().current().candidates().stream().map(ServiceCandidate::endpoints)
                .flatMap(List::stream).filter(e -> e.endpointId().equals(endpointId)).findFirst();
    }
}
