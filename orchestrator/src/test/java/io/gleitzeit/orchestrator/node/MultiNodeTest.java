package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several nodes on the same streams, with services connected to different hubs. */
@RedisTest
class MultiNodeTest {
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

    @Test
    void twoNodesWithServicesOnEachCompleteEveryWorkflow() {
        OrchestratorNode one = cluster.node();
        OrchestratorNode two = cluster.node();
        cluster.functions(one, "on-one", 2, TestFunctions.class);
        cluster.functions(two, "on-two", 2, TestFunctions.class);
        await().atMost(Cluster.WAIT).until(() -> one.routing().current().candidates().size() == 2
                && two.routing().current().candidates().size() == 2);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(cluster.submit(i % 2 == 0 ? one : two, """
                    {"name": "chain", "tasks": [
                      {"name": "A", "type": "function", "function": "add", "args": [%d, 1]},
                      {"name": "B", "type": "function", "function": "add", "args": ["{{A.result}}", 1],
                       "dependencies": ["A"]},
                      {"name": "C", "type": "function", "function": "add", "args": ["{{A.result}}", 2],
                       "dependencies": ["A"]}]}""".formatted(i)));
        }

        for (int i = 0; i < ids.size(); i++) {
            WorkflowState state = cluster.awaitFinished(one, ids.get(i));
            assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
            assertThat(state.taskByName("C").orElseThrow().result().asLong()).isEqualTo(i + 3);
        }
        Set<String> hubs = ids.stream().flatMap(id -> cluster.events(one, id).stream())
                .map(EventEnvelope::payload).filter(TaskDispatched.class::isInstance)
                .map(p -> ((TaskDispatched) p).target().hubId()).collect(Collectors.toSet());
        assertThat(hubs).containsExactlyInAnyOrder(one.options().hubId(), two.options().hubId());
        assertThat(one.dispatchMetrics().received()).isPositive();
        assertThat(two.dispatchMetrics().received()).isPositive();
    }

    @Test
    void theServicesOfADeadHubAreReleasedByTheSurvivors() {
        TestFunctions.gate = new CountDownLatch(1);
        OrchestratorNode survivor = cluster.node();
        OrchestratorNode doomed = cluster.node();
        cluster.functions(doomed, "doomed-service", 1, TestFunctions.class);
        await().atMost(Cluster.WAIT).until(() -> survivor.routing().current().candidates().size() == 1);

        String id = cluster.submit(survivor, """
                {"name": "orphan", "tasks": [{"name": "H", "type": "function", "function": "hold",
                  "args": ["orphan", 0], "retry": {"max_attempts": 3, "base_delay_ms": 100}}]}""");
        await().atMost(Cluster.WAIT).until(() -> TestFunctions.RUNNING.getOrDefault("orphan",
                new java.util.concurrent.atomic.AtomicInteger()).get() == 1);

        doomed.abort();
        cluster.functions(survivor, "rescuer", 1, TestFunctions.class);
        TestFunctions.gate.countDown();

        WorkflowState state = cluster.awaitFinished(survivor, id);
        TaskState task = state.taskByName("H").orElseThrow();
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        // At least one new attempt; under load a second one may have gone to the dead service before the
        // projections saw it leave, and was released in turn.
        assertThat(task.attempt()).isGreaterThanOrEqualTo(2);
        assertThat(task.target().hubId()).isEqualTo(survivor.options().hubId());
        assertThat(DispatchTest.clusterEvents(survivor)).anyMatch(e -> e instanceof ServiceDisconnected d
                && d.reason().equals("hub " + doomed.options().hubId() + " is gone"));
    }
}
