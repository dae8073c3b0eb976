package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batch tasks through a whole node (replica and hub) to services over Socket.IO: units are ordinary assignments. */
@RedisTest
class BatchEndToEndTest {
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
    void eachElementRunsOnAServiceAndTheResultsKeepItemOrder() {
        OrchestratorNode node = cluster.node();
        cluster.functions(node, "adder", 8, TestFunctions.class);
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);

        String id = cluster.submit(node, """
                {"name": "sums", "tasks": [
                  {"name": "Sum", "type": "function", "function": "add", "args": "{{item}}",
                   "batch": {"items": [[1, 2], [3, 4], [5, 6], [7, 8]], "max_concurrency": 2}},
                  {"name": "Total", "type": "function", "function": "add",
                   "args": ["{{Sum.result.0}}", "{{Sum.result.3}}"], "dependencies": ["Sum"]}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(state.taskByName("Sum").orElseThrow().result()).isEqualTo(cluster.json().createArrayNode()
                .add(3).add(7).add(11).add(15));
        assertThat(state.taskByName("Total").orElseThrow().result().asLong()).isEqualTo(18);
    }

    @Test
    void aServiceNeverRunsMoreUnitsOfABatchThanItsWindow() {
        OrchestratorNode node = cluster.node();
        cluster.functions(node, "holder", 8, TestFunctions.class);
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);
        TestFunctions.PEAK.remove("window");

        String id = cluster.submit(node, """
                {"name": "window", "tasks": [
                  {"name": "Hold", "type": "function", "function": "hold", "args": ["window", "{{item}}"],
                   "batch": {"items": [150, 150, 150, 150, 150, 150], "max_concurrency": 2}}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(state.taskByName("Hold").orElseThrow().result()).hasSize(6);
        assertThat(TestFunctions.PEAK.get("window").get()).isEqualTo(2);
    }

    @Test
    void aUnitReachesAServiceAsAnAssignmentNamedAfterItsItem() {
        OrchestratorNode node = cluster.node();
        RawService raw = cluster.closeLater(RawService.register(Cluster.url(node), "raw-batch", "raw", 4,
                List.of("echo")));
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);

        String id = cluster.submit(node, """
                {"name": "echo", "tasks": [{"name": "Echo", "type": "function", "function": "echo",
                  "args": ["{{doc.name}}"], "batch": {"items": [{"name": "a"}, {"name": "b"}], "item_var": "doc"}}]}""");

        JsonNode second = raw.awaitAssignments(2);
        assertThat(raw.assignments()).extracting(a -> a.get("task_id").asText())
                .containsExactly(id + "/0[0]", id + "/0[1]");
        assertThat(second.get("task_name").asText()).isEqualTo("Echo[1]");
        assertThat(second.get("external_parameters").get("args").get(0).asText()).isEqualTo("b");
        raw.complete(raw.assignments().get(1), "B");
        raw.complete(raw.assignments().get(0), "A");
        WorkflowState state = cluster.awaitFinished(node, id);
        TaskState echo = state.taskByName("Echo").orElseThrow();
        assertThat(echo.result()).isEqualTo(cluster.json().createArrayNode().add("A").add("B"));
    }
}
