package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflows whose tasks found no free slot wait, and are woken when one frees: one service with a single slot runs
 * the tasks of many workflows one after the other. Logs the freed-slot-to-routing delay (a slot freed by a
 * completion to the next dispatch) and the assign-to-receipt latency; never more than one task runs at once.
 */
@RedisTest
class WaitingWorkflowsTest {
    private static final Logger LOG = LoggerFactory.getLogger(WaitingWorkflowsTest.class);
    private static final int WORKFLOWS = 20;

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
    void workflowsWaitingForCapacityRunOneAfterAnotherOnASingleSlot() {
        OrchestratorNode node = cluster.node();
        cluster.functions(node, "single", 1, TestFunctions.class);
        org.awaitility.Awaitility.await().atMost(Cluster.WAIT)
                .until(() -> node.routing().current().candidates().size() == 1);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            ids.add(cluster.submit(node, """
                    {"name": "one", "tasks": [{"name": "A", "type": "function", "function": "hold", "args": ["single", %d]}]}"""
                    .formatted(i % 3)));
        }
        List<Instant> dispatched = new ArrayList<>();
        List<Instant> completed = new ArrayList<>();
        for (String id : ids) {
            assertThat(cluster.awaitFinished(node, id).status()).isEqualTo(WorkflowStatus.COMPLETED);
            for (EventEnvelope<WorkflowEvent> e : cluster.events(node, id)) {
                if (e.payload() instanceof TaskDispatched) {
                    dispatched.add(e.occurredAt());
                } else if (e.payload() instanceof TaskCompleted) {
                    completed.add(e.occurredAt());
                }
            }
        }
        dispatched.sort(null);
        completed.sort(null);
        assertThat(dispatched).hasSize(WORKFLOWS);

        // Decisions racing the commit feed may route a task before the slot is free; the hub then holds it back.
        // For the others: how long from the completion that freed the slot to the next dispatch.
        List<Long> delays = new ArrayList<>();
        int routedAhead = 0;
        for (int k = 1; k < WORKFLOWS; k++) {
            long delay = Duration.between(completed.get(k - 1), dispatched.get(k)).toMillis();
            if (delay < 0) {
                routedAhead++;
            } else {
                delays.add(delay);
            }
        }
        List<Long> sorted = delays.stream().sorted().toList();
        LOG.info("freed slot -> next dispatch over {} workflows on one slot: p50 {} ms, p90 {} ms, max {} ms "
                        + "({} routed ahead and held by the hub); assign -> receipt p50 {} ms, p99 {} ms",
                WORKFLOWS, sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10),
                sorted.get(sorted.size() - 1), routedAhead, node.dispatchMetrics().receiptLatency(0.5).toNanos() / 1e6,
                node.dispatchMetrics().receiptLatency(0.99).toNanos() / 1e6);
        assertThat(TestFunctions.PEAK.get("single").get()).as("tasks running at once on the single slot")
                .isEqualTo(1);
        assertThat(node.dispatchMetrics().received()).isEqualTo(WORKFLOWS);
        assertThat(node.dispatch().held(cluster.firstServiceId(node)).outstanding()).isZero();
    }
}
