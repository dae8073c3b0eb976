package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the hub hands tasks to the services it holds: capacity, spread, pins, acks, lost services. */
@RedisTest
class DispatchTest {
    private Cluster cluster;

    @BeforeEach
    void setUp(TestRedis redis) {
        cluster = new Cluster(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        TestFunctions.gate.countDown();
        cluster.close();
    }

    private static String holds(String key, int count, String extra) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "{\"name\": \"T" + i
                        + "\", \"type\": \"function\", \"function\": \"hold\", \"args\": [\"" + key + "\", 0]" + extra
                        + "}")
                .collect(Collectors.joining(",", "{\"name\": \"" + key + "\", \"tasks\": [", "]}"));
    }

    private List<TaskDispatched> dispatches(OrchestratorNode node, String workflowId) {
        return cluster.events(node, workflowId).stream().map(EventEnvelope::payload)
                .filter(TaskDispatched.class::isInstance).map(TaskDispatched.class::cast).toList();
    }

    @Test
    void aServiceNeverHoldsMoreAssignmentsThanItsCapacity() {
        OrchestratorNode node = cluster.node();
        RawService raw = cluster.closeLater(RawService.register(Cluster.url(node), "raw-cap", "raw", 2,
                List.of("hold")));

        String id = cluster.submit(node, holds("cap", 5, ""));
        raw.awaitAssignments(2);
        // the decider may route all five here (the projections lag), but the hub holds the surplus back
        await().pollDelay(Duration.ofMillis(800)).atMost(Cluster.WAIT).until(() -> true);
        assertThat(raw.assignments()).hasSize(2);

        for (int done = 0; done < 5; done++) {
            JsonNode next = raw.awaitAssignments(done + 1);
            raw.complete(next, "ok " + done);
            int finished = done + 1;
            await().atMost(Cluster.WAIT).until(() -> raw.assignments().size() >= Math.min(5, finished + 2));
            assertThat(node.dispatch().held(raw.nodeId()).outstanding()).isLessThanOrEqualTo(2);
        }
        assertThat(cluster.awaitFinished(node, id).status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(raw.assignments()).hasSize(5);
    }

    @Test
    void readyTasksSpreadOverTheLeastLoadedServices() {
        TestFunctions.gate = new CountDownLatch(1);
        OrchestratorNode node = cluster.node();
        cluster.functions(node, "left", 4, TestFunctions.class);
        cluster.functions(node, "right", 4, TestFunctions.class);
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 2);

        String id = cluster.submit(node, holds("spread", 8, ""));
        await().atMost(Cluster.WAIT).until(() -> dispatches(node, id).size() == 8);
        Map<String, Long> perService = dispatches(node, id).stream()
                .collect(Collectors.groupingBy(d -> d.target().serviceName(), Collectors.counting()));
        assertThat(perService).containsEntry("left", 4L).containsEntry("right", 4L);
        assertThat(dispatches(node, id).get(1).routing().candidates()).hasSize(2);

        TestFunctions.gate.countDown();
        assertThat(cluster.awaitFinished(node, id).status()).isEqualTo(WorkflowStatus.COMPLETED);
    }

    @Test
    void aPinnedTaskGoesToItsServiceOnly() {
        OrchestratorNode node = cluster.node();
        cluster.functions(node, "idle", 8, TestFunctions.class);
        cluster.functions(node, "chosen", 1, TestFunctions.class);
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 2);

        String id = cluster.submit(node, holds("pin", 3, ", \"service\": \"chosen\""));

        assertThat(cluster.awaitFinished(node, id).status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(dispatches(node, id)).hasSize(3).allSatisfy(d -> {
            assertThat(d.target().serviceName()).isEqualTo("chosen");
            assertThat(d.routing().strategy()).isEqualTo("pinned");
        });
    }

    @Test
    void anUnacknowledgedAssignmentIsSentAgainThenRoutedElsewhere() {
        OrchestratorNode node = cluster.node();
        RawService silent = cluster.closeLater(RawService.register(Cluster.url(node), "a-silent", "silent", 1,
                List.of("add")));
        silent.ackAssignments(false);
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);

        String id = cluster.submit(node, """
                {"name": "ack", "tasks": [{"name": "A", "type": "function", "function": "add", "args": [2, 3],
                  "retry": {"max_attempts": 5, "base_delay_ms": 500}}]}""");
        JsonNode second = silent.awaitAssignments(2);
        assertThat(second.get("idempotency_key").asText()).isEqualTo(silent.assignments().get(0)
                .get("idempotency_key").asText());
        cluster.functions(node, "b-good", 1, TestFunctions.class);

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(state.taskByName("A").orElseThrow().result().asLong()).isEqualTo(5);
        List<TaskFailed> failures = cluster.events(node, id).stream().map(EventEnvelope::payload)
                .filter(TaskFailed.class::isInstance).map(TaskFailed.class::cast).toList();
        assertThat(failures.get(0).error().type()).isEqualTo("dispatch_unacknowledged");
        assertThat(failures.get(0).error().retryable()).isTrue();
        assertThat(dispatches(node, id).get(dispatches(node, id).size() - 1).target().serviceName())
                .isEqualTo("b-good");
        assertThat(node.dispatchMetrics().resent()).isPositive();
        assertThat(node.dispatchMetrics().unacknowledged()).isPositive();
    }

    @Test
    void aServiceLostMidTaskHasItsAttemptRunElsewhereAndItsLateResultChangesNothing() {
        TestFunctions.gate = new CountDownLatch(1);
        OrchestratorNode node = cluster.node();
        RawService raw = cluster.closeLater(RawService.register(Cluster.url(node), "a-raw", "raw", 1,
                List.of("add")));
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);

        // Z keeps the workflow running until the late result has been seen
        String id = cluster.submit(node, """
                {"name": "lost", "tasks": [{"name": "A", "type": "function", "function": "add", "args": [20, 22],
                  "retry": {"max_attempts": 3, "base_delay_ms": 100}},
                  {"name": "Z", "type": "function", "function": "hold", "args": ["lost", 0]}]}""");
        JsonNode first = raw.awaitAssignments(1);
        raw.request("task:accepted", Map.of("task_id", first.get("task_id").asText(),
                "workflow_id", first.get("workflow_id").asText(), "node_id", raw.nodeId()));
        raw.disconnect();
        cluster.functions(node, "b-sdk", 2, TestFunctions.class);
        await().atMost(Cluster.WAIT).until(() -> {
            TaskState a = cluster.state(node, id).taskByName("A").orElseThrow();
            return a.attempt() == 2 && a.result() != null;
        });

        // the lost service comes back and reports attempt 1: recorded as discarded, nothing else changes
        raw.connectAndRegister("raw", 1, List.of("add"));
        JsonNode ack = raw.complete(first, 999);
        assertThat(ack.path("ok").asBoolean()).isTrue();
        await().atMost(Cluster.WAIT).until(() -> cluster.events(node, id).stream()
                .anyMatch(e -> e.payload() instanceof TaskResultDiscarded d && d.attempt() == 1));
        TestFunctions.gate.countDown();

        WorkflowState state = cluster.awaitFinished(node, id);
        TaskState task = state.taskByName("A").orElseThrow();
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(task.target().serviceName()).isEqualTo("b-sdk");
        assertThat(task.result().asLong()).isEqualTo(42);
        assertThat(clusterEvents(node)).anyMatch(e -> e instanceof ServiceDisconnected d
                && d.serviceId().equals("a-raw") && d.reason().equals("disconnected"));
        List<TaskFailed> failures = cluster.events(node, id).stream().map(EventEnvelope::payload)
                .filter(TaskFailed.class::isInstance).map(TaskFailed.class::cast).toList();
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.attempt()).isEqualTo(1);
            assertThat(f.error().type()).isEqualTo("service_lost");
        });
    }

    @Test
    void aServiceThatStopsHeartbeatingIsReleased() {
        OrchestratorNode node = cluster.node(b -> b.heartbeatTimeout(Duration.ofSeconds(2)));
        RawService quiet = cluster.closeLater(RawService.register(Cluster.url(node), "a-quiet", "quiet", 1,
                List.of("add")));
        quiet.heartbeats(false);
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);

        String id = cluster.submit(node, """
                {"name": "beat", "tasks": [{"name": "A", "type": "function", "function": "add", "args": [1, 1],
                  "retry": {"max_attempts": 3, "base_delay_ms": 100}}]}""");
        quiet.awaitAssignments(1);
        cluster.functions(node, "b-sdk", 1, TestFunctions.class);

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(state.taskByName("A").orElseThrow().target().serviceName()).isEqualTo("b-sdk");
        assertThat(clusterEvents(node)).anyMatch(e -> e instanceof ServiceDisconnected d
                && d.serviceId().equals("a-quiet") && d.reason().startsWith("missed heartbeats"));
        await().atMost(Cluster.WAIT).until(() -> !quiet.connected());
    }

    static List<Object> clusterEvents(OrchestratorNode node) {
        return node.log().readClusterEvents(StreamPosition.FIRST, 1000).toCompletableFuture().join().stream()
                .map(p -> (Object) p.value().payload()).toList();
    }
}
