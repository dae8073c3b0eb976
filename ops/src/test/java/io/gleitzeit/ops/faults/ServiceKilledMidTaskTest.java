package io.gleitzeit.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.ops.soak.ChildProcess;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function service process dies (SIGKILL) or freezes (SIGSTOP) in the middle of a task: after the disconnect grace
 * (its socket closed) or the heartbeat timeout (frozen; above the services' 10 s heartbeat interval) the task is dispatched again, as a new attempt, to the other service process, and the
 * workflow completes with exactly one effective {@code task.completed}; a late result of the old attempt (the frozen
 * process resumed) is recorded as discarded and changes nothing.
 */
@RedisTest
class ServiceKilledMidTaskTest {
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final double TASK_SECONDS = 6;

    private TestRedis redis;
    private RedisCommands<String, String> commands;
    private GleitzeitNode node;
    private final Map<String, ChildProcess> services = new HashMap<>();
    private GleitzeitClient client;

    @BeforeEach
    void start(TestRedis redis, @TempDir Path logs) throws Exception {
        this.redis = redis;
        commands = redis.connect().sync();
        node = GleitzeitNode.create(redis.client(), NodeOptions.newBuilder()
                .replica(ReplicaOptions.newBuilder().replicaId("faults-node").keyPrefix(redis.prefix())
                        .partitions(PARTITIONS).build())
                .transport(HubTransportOptions.newBuilder().host("127.0.0.1").port(0).build())
                .heartbeatTimeout(Duration.ofSeconds(15)).disconnectGrace(Duration.ofMillis(500)).build()).start();
        for (String name : List.of("svc-a", "svc-b")) {
            services.put(name, ChildProcess.start(name, List.of("service", "functions", "--hub", node.localUrl(),
                    "--name", name, "--max-concurrent", "1"), "connecting to", logs.resolve(name + ".log"), WAIT));
        }
        client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl(node.localUrl()).build());
        await().atMost(WAIT).until(() -> registeredServices() == 2);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        for (ChildProcess service : services.values()) {
            service.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aKilledServicesTaskRunsAgainElsewhereAndCompletesOnce() throws Exception {
        String workflowId = submitLongTask("killed");
        String first = awaitAcceptedBy(workflowId);

        services.get(first).kill();

        WorkflowCompletedNotice done = client.awaitResult(workflowId).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo("completed");
        List<JsonNode> events = events(workflowId);
        List<JsonNode> dispatched = WorkflowEvents.ofType(events, "task.dispatched");
        assertThat(dispatched).hasSize(2);
        assertThat(dispatched.get(1).path("attempt").asInt()).isEqualTo(2);
        assertThat(dispatched.get(1).path("data").path("target").path("service_name").asText())
                .isNotEqualTo(first);
        List<JsonNode> completed = WorkflowEvents.ofType(events, "task.completed");
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aLateResultOfTheOldAttemptIsDiscarded() throws Exception {
        String workflowId = submitLongTask("frozen");
        String first = awaitAcceptedBy(workflowId);
        ChildProcess frozen = services.get(first);

        signal("STOP", frozen.pid());
        try {
            await().atMost(WAIT).until(() -> WorkflowEvents.ofType(events(workflowId), "task.dispatched").size() == 2);
        } finally {
            signal("CONT", frozen.pid());
        }

        WorkflowCompletedNotice done = client.awaitResult(workflowId).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo("completed");
        // The resumed process finishes attempt 1 and reports it: recorded once as discarded, nothing else changes.
        await().atMost(WAIT).until(() -> !WorkflowEvents.ofType(events(workflowId), "task.result_discarded")
                .isEmpty());
        List<JsonNode> events = events(workflowId);
        JsonNode discarded = WorkflowEvents.ofType(events, "task.result_discarded").get(0);
        assertThat(discarded.path("attempt").asInt()).isEqualTo(1);
        List<JsonNode> completed = WorkflowEvents.ofType(events, "task.completed");
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).path("attempt").asInt()).isEqualTo(2);
        assertThat(WorkflowEvents.ofType(events, "workflow.completed")).hasSize(1);
    }

    private String submitLongTask(String name) throws Exception {
        return client.submit(WorkflowBuilder.named(name)
                .functionTask("wait", "async_timer", t -> t.kwarg("duration", TASK_SECONDS)).build())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until a service accepted attempt 1, and names it. */
    private String awaitAcceptedBy(String workflowId) {
        await().atMost(WAIT).until(() -> !WorkflowEvents.ofType(events(workflowId), "task.accepted").isEmpty());
        return WorkflowEvents.ofType(events(workflowId), "task.dispatched").get(0)
                .path("data").path("target").path("service_name").asText();
    }

    private List<JsonNode> events(String workflowId) {
        return WorkflowEvents.read(commands, redis.prefix(), PARTITIONS, workflowId);
    }

    private int registeredServices() throws Exception {
        return node.orchestrator().registry().connected().toCompletableFuture().get().size();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
