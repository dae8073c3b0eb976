package io.gleitzeit.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.ops.cli.CliRun;
import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.testing.redis.LocalRedisCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two whole nodes ({@link GleitzeitNode}: replica, hub, projections, room relay, live progress, monitoring) on a real
 * Redis Cluster of three primaries and three replicas, with the Java function service connected over Socket.IO to
 * one of them and clients on both. Tasks decided on either node reach the service through the hub that holds its
 * socket; results reach the clients of both hubs; live text chunks published by one hub reach the subscribers of the
 * other over cluster pub/sub; and a {@code CLUSTER FAILOVER} of the primary that holds the hubs' sessions, heartbeats
 * and cluster events, while workflows run, loses none and duplicates no effect.
 */
class NodeOnRedisClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 8;
    private static final int WORKFLOWS = 30;

    private static LocalRedisCluster cluster;
    private static RedisConnector connector;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private String prefix;
    private GleitzeitNode nodeA;
    private GleitzeitNode nodeB;

    /**
     * A function that streams its text as live chunks, then returns it once the test has seen them: chunks travel by
     * pub/sub, the completion by the streams, and a client stops following a workflow once it completed, so a
     * completion that overtook the chunks would hide them.
     */
    public static final class StreamingFunctions {
        static volatile CountDownLatch seen = new CountDownLatch(0);

        @GleitzeitTask(name = "speak", category = "test", description = "Streams the text word by word")
        public static String speak(@Param("text") String text, TaskContext context) throws InterruptedException {
            for (String word : text.split(" ")) {
                context.chunk(word + " ");
            }
            seen.await(2, TimeUnit.MINUTES);
            return text;
        }
    }

    @BeforeAll
    static void startCluster() {
        cluster = LocalRedisCluster.start(3);
        connector = RedisConnector.open(cluster.uri());
    }

    @AfterAll
    static void stopCluster() {
        if (connector != null) {
            connector.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void startNodes() {
        prefix = "gzcl:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        nodeA = node("a");
        nodeB = node("b");
        GleitzeitServiceClient functions = FunctionService.of(FunctionRegistry.newBuilder()
                        .add(BuiltinFunctions.all()).add(StreamingFunctions.class).build())
                .newClient(ServiceOptions.newBuilder().hubUrl(nodeA.localUrl()).name("functions").maxConcurrent(8)
                        .shutdownTimeout(Duration.ofSeconds(1)));
        resources.add(functions);
        functions.start();
        await().atMost(WAIT).until(() -> functions.status().registered());
    }

    private GleitzeitNode node(String name) {
        GleitzeitNode node = GleitzeitNode.create(connector, NodeOptions.newBuilder()
                .replica(ReplicaOptions.newBuilder().replicaId(name + "-" + prefix).keyPrefix(prefix)
                        .partitions(PARTITIONS).build())
                .transport(HubTransportOptions.newBuilder().host("127.0.0.1").port(0).build())
                .disconnectGrace(Duration.ofMillis(500)).build(), GleitzeitNode.Monitoring.defaults());
        resources.add(node);
        return node.start();
    }

    private GleitzeitClient client(GleitzeitNode node) {
        GleitzeitClient client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl(node.localUrl())
                .requestTimeout(Duration.ofSeconds(60)).build());
        resources.add(client);
        return client;
    }

    @AfterEach
    void stopNodes() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        resources.clear();
    }

    @Test
    void workflowsRunOnBothNodesAcrossAFailoverOfTheSessionsPrimary() throws Exception {
        GleitzeitClient onA = client(nodeA);
        GleitzeitClient onB = client(nodeB);
        assertThat(streamedChunks(onB, "before")).as("chunks relayed from hub A to a subscriber on hub B")
                .isEqualTo("a cluster hears before ");

        List<CompletableFuture<WorkflowCompletedNotice>> outcomes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            GleitzeitClient client = i % 2 == 0 ? onA : onB;
            String id = client.submit(WorkflowBuilder.named("numbers-" + i)
                    .functionTask("Fib", "fibonacci_sequence", t -> t.kwarg("n", 10))
                    .functionTask("Stats", "analyze_numbers", t -> t.arg("{{Fib.result}}").dependsOn("Fib"))
                    .build()).get(60, TimeUnit.SECONDS);
            ids.add(id);
            outcomes.add(client.awaitResult(id));
            if (i == WORKFLOWS / 3) {
                // Mid-load: the primary of the {cluster} slot (sessions, hub heartbeats, cluster events) hands over.
                int primary = cluster.primaryOf(prefix + "{cluster}:sessions");
                int promoted = cluster.failover(primary);
                assertThat(cluster.primaries()).contains(promoted).doesNotContain(primary);
            }
        }

        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (CompletableFuture<WorkflowCompletedNotice> outcome : outcomes) {
            WorkflowCompletedNotice result = outcome.join();
            assertThat(result.status()).isEqualTo("completed");
            assertThat(result.results().get("Stats").get("sum").asInt()).isEqualTo(88);
        }
        assertExactlyOnceEffects(ids);
        assertThat(streamedChunks(onB, "after")).as("the relay's cluster subscription outlived the failover")
                .isEqualTo("a cluster hears after ");
        assertThat(health(nodeA)).isEqualTo(200);
        assertThat(health(nodeB)).isEqualTo(200);

        CliRun verify = CliRun.of("replay", "verify", "--all", "--redis", cluster.uri(), "--prefix", prefix,
                "--partitions", Integer.toString(PARTITIONS));
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("checked " + (WORKFLOWS + 2) + " workflows");
    }

    /** Runs {@code speak} through the service on hub A for a client of {@code client}'s hub; its chunks, joined. */
    private String streamedChunks(GleitzeitClient client, String word) throws Exception {
        List<String> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<WorkflowCompletedNotice> done = new CompletableFuture<>();
        StreamingFunctions.seen = new CountDownLatch(1);
        client.submit(WorkflowBuilder.named("speak-" + word)
                .functionTask("Speak", "speak", t -> t.kwarg("text", "a cluster hears " + word)).build(),
                new WorkflowListener() {
                    @Override
                    public void onTaskProgress(TaskProgressReport progress) {
                        if (progress.chunk() != null) {
                            chunks.add(progress.chunk());
                        }
                    }

                    @Override
                    public void onCompleted(WorkflowCompletedNotice completed) {
                        done.complete(completed);
                    }
                }).get(60, TimeUnit.SECONDS);
        String expected = "a cluster hears " + word + " ";
        try {
            await().atMost(WAIT).until(() -> String.join("", chunks).equals(expected));
        } finally {
            StreamingFunctions.seen.countDown();
        }
        assertThat(done.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo("completed");
        return String.join("", chunks);
    }

    private void assertExactlyOnceEffects(List<String> ids) {
        for (String id : ids) {
            List<EventEnvelope<WorkflowEvent>> events = nodeB.orchestrator().log().readWorkflow(id, 0)
                    .toCompletableFuture().join();
            Map<String, Integer> completions = new HashMap<>();
            Map<String, Integer> dispatches = new HashMap<>();
            for (EventEnvelope<WorkflowEvent> e : events) {
                if (e.payload() instanceof TaskCompleted c) {
                    completions.merge(c.taskId(), 1, Integer::sum);
                }
                if (e.payload() instanceof TaskDispatched d) {
                    dispatches.merge(d.taskId() + "#" + d.attempt(), 1, Integer::sum);
                }
            }
            assertThat(completions).as("completions of " + id).hasSize(2).allSatisfy((task, n) ->
                    assertThat(n).isEqualTo(1));
            assertThat(dispatches).as("dispatches of " + id).allSatisfy((attempt, n) -> assertThat(n).isEqualTo(1));
        }
    }

    private static int health(GleitzeitNode node) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/health")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
