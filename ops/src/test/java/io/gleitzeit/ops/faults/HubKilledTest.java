package io.gleitzeit.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClientException;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.client.WorkflowDocument;
import io.gleitzeit.client.WorkflowSnapshot;
import io.gleitzeit.ops.soak.ChildProcess;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two orchestrator node processes (replica and hub each) and two function service processes, each service given both
 * hub URLs (its own first). The first node is SIGKILLed while workflows run: its service reconnects to the second
 * node and carries on taking tasks there, every workflow completes, and no task has two effective completions.
 */
@RedisTest
class HubKilledTest {
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(180);

    private final List<ChildProcess> processes = new ArrayList<>();
    private GleitzeitClient client;
    private GleitzeitClient follower;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (follower != null) {
            follower.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    @Test
    void servicesMoveToTheSurvivingHubAndEveryWorkflowCompletesOnce(TestRedis redis, @TempDir Path logs)
            throws Exception {
        String redisUrl = "redis://" + redis.uri().getHost() + ":" + redis.uri().getPort();
        String hubA = "http://127.0.0.1:" + freePort();
        String hubB = "http://127.0.0.1:" + freePort();
        ChildProcess nodeA = node("node-a", hubA, redisUrl, redis.prefix(), logs);
        node("node-b", hubB, redisUrl, redis.prefix(), logs);
        service("svc-a", List.of(hubA, hubB), logs);
        service("svc-b", List.of(hubB, hubA), logs);
        client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrls(List.of(hubB, hubA))
                .requestTimeout(Duration.ofSeconds(30)).build());
        // A second client follows the first workflows through node-a, the node that dies.
        follower = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrls(List.of(hubA, hubB))
                .requestTimeout(Duration.ofSeconds(30)).build());
        RedisCommands<String, String> commands = redis.connect().sync();

        List<String> before = submit("before", 6);
        List<CompletableFuture<WorkflowCompletedNotice>> followed = before.stream()
                .map(id -> follower.awaitResult(id)).toList();
        // svc-a works through node-a: wait until node-a has sent it a task, then kill node-a mid-run.
        await().atMost(WAIT).until(() -> before.stream().anyMatch(id -> dispatches(commands, redis.prefix(), id)
                .stream().anyMatch(d -> isTarget(d, "svc-a", "node-a"))));
        nodeA.kill();
        List<String> after = submit("after", 6);

        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> all.stream().allMatch(this::finished));
        for (String id : all) {
            assertThat(status(id).status()).as(id).isEqualTo("completed");
            List<JsonNode> events = WorkflowEvents.read(commands, redis.prefix(), PARTITIONS, id);
            Map<String, Long> completions = WorkflowEvents.ofType(events, "task.completed").stream()
                    .collect(Collectors.groupingBy(e -> e.path("task_id").asText(), Collectors.counting()));
            assertThat(completions).as(id).hasSize(3).allSatisfy((task, count) -> assertThat(count).isEqualTo(1));
        }
        // The follower moved to node-b with its subscriptions and heard every workflow finish.
        for (CompletableFuture<WorkflowCompletedNotice> result : followed) {
            assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo("completed");
        }
        // svc-a carried on through node-b.
        assertThat(after.stream().flatMap(id -> dispatches(commands, redis.prefix(), id).stream())
                .anyMatch(d -> isTarget(d, "svc-a", "node-b"))).isTrue();
    }

    /** {@code count} chains of three timer tasks, long enough that some run while the hub dies. */
    private List<String> submit(String name, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WorkflowDocument document = WorkflowBuilder.named(name + "-" + i)
                    .functionTask("t1", "async_timer", t -> t.kwarg("duration", 1.5))
                    .functionTask("t2", "async_timer", t -> t.kwarg("duration", 1.5).dependsOn("t1"))
                    .functionTask("t3", "hash_text", t -> t.kwarg("text", "done").dependsOn("t2"))
                    .build();
            ids.add(client.submit(document).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        return ids;
    }

    /**
     * Whether the workflow has finished. A submission that the killed node's replica had taken but not decided is
     * claimed by the surviving replica only after its claim idle: until then the workflow is not visible
     * ({@code not_found}), which is not finished.
     */
    private boolean finished(String workflowId) {
        try {
            return status(workflowId).isFinished();
        } catch (CompletionException e) {
            if (e.getCause() instanceof GleitzeitClientException c && "not_found".equals(c.code())) {
                return false;
            }
            throw e;
        }
    }

    private WorkflowSnapshot status(String workflowId) {
        return client.status(workflowId).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static List<JsonNode> dispatches(RedisCommands<String, String> commands, String prefix, String id) {
        return WorkflowEvents.ofType(WorkflowEvents.read(commands, prefix, PARTITIONS, id), "task.dispatched");
    }

    private static boolean isTarget(JsonNode dispatched, String service, String hub) {
        JsonNode target = dispatched.path("data").path("target");
        return service.equals(target.path("service_name").asText()) && hub.equals(target.path("hub_id").asText());
    }

    private ChildProcess node(String name, String hubUrl, String redisUrl, String prefix, Path logs)
            throws Exception {
        ChildProcess node = ChildProcess.start(name, List.of("orchestrator", "--redis", redisUrl, "--prefix", prefix,
                "--partitions", Integer.toString(PARTITIONS), "--replica-id", name, "--host", "127.0.0.1",
                "--port", hubUrl.substring(hubUrl.lastIndexOf(':') + 1), "--http-port", Integer.toString(freePort()),
                "--heartbeat-timeout", "25", "--disconnect-grace", "1"), "running: hub on",
                logs.resolve(name + ".log"), WAIT);
        processes.add(node);
        return node;
    }

    private void service(String name, List<String> hubs, Path logs) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("service", "functions", "--name", name,
                "--max-concurrent", "2"));
        hubs.forEach(hub -> arguments.addAll(List.of("--hub", hub)));
        processes.add(ChildProcess.start(name, arguments, "connecting to", logs.resolve(name + ".log"), WAIT));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
