package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Java SDK service registers with a node, receives task:assign, reports, and workflows complete. */
@RedisTest
class ServiceEndToEndTest {
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
    void aJavaServiceRunsAWorkflowWithDataFlow() {
        OrchestratorNode node = cluster.node();
        cluster.functions(node, "math", 2, TestFunctions.class);

        String id = cluster.submit(node, """
                {"name": "sum", "tasks": [
                  {"name": "A", "type": "function", "function": "add", "args": [1, 2]},
                  {"name": "B", "type": "function", "function": "add", "args": ["{{A.result}}", 10],
                   "dependencies": ["A"]}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(state.taskByName("B").orElseThrow().result().asLong()).isEqualTo(13);
        assertThat(cluster.events(node, id)).map(e -> e.payload()).filteredOn(TaskDispatched.class::isInstance)
                .map(p -> ((TaskDispatched) p).target().serviceName()).containsOnly("math");
        assertThat(node.dispatchMetrics().received()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aResultShapedSuccessFalseIsAFailure() {
        OrchestratorNode node = cluster.node();
        cluster.functions(node, "legacy", 1, TestFunctions.class);

        String id = cluster.submit(node, """
                {"name": "fails", "tasks": [{"name": "L", "type": "function", "function": "legacy_failure",
                  "retry": {"max_attempts": 1}}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.FAILED);
        assertThat(state.taskByName("L").orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(state.taskByName("L").orElseThrow().lastError().message())
                .isEqualTo("the original protocol's way to fail");
    }
}
