package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.testing.SocketMonitor;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node with its monitoring surfaces, as {@code gleitzeit orchestrator} runs it: a monitor on the node's hub sees a
 * Java service register and a workflow run through it, and the node's HTTP port reports the work.
 */
@RedisTest
class NodeMonitoringTest {
    private Cluster cluster;
    private TestRedis redis;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        redis = testRedis;
        cluster = new Cluster(testRedis);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private static String get(int port, String path, int[] status) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        status[0] = response.statusCode();
        return response.body();
    }

    @Test
    void aMonitorSeesServicesAndWorkflowsAndTheHttpPortReportsThem() throws Exception {
        // given a node with monitoring, and a monitor subscribed on its hub
        OrchestratorNode node = cluster.closeLater(new OrchestratorNode(redis.client(), cluster.options().build()));
        NodeMonitoring monitoring = cluster.closeLater(NodeMonitoring.install(redis.client(), node,
                MonitorOptions.newBuilder().updateInterval(Duration.ofMillis(300)).build(),
                MetricsOptions.newBuilder().refreshInterval(Duration.ofMillis(200)).build(),
                OpsHttpOptions.newBuilder().host("127.0.0.1").port(0).build()));
        node.start();
        monitoring.start();
        SocketMonitor monitor = cluster.closeLater(SocketMonitor.connect(Cluster.url(node)));
        assertThat(monitor.request(EventNames.MONITOR_SUBSCRIBE, Map.of("types", List.of("all"))).path("ok")
                .asBoolean()).isTrue();

        // when a service registers and a workflow runs through it
        cluster.functions(node, "math", 2, TestFunctions.class);
        String id = cluster.submit(node, """
                {"name": "sum", "tasks": [
                  {"name": "A", "type": "function", "function": "add", "args": [1, 2]},
                  {"name": "B", "type": "function", "function": "add", "args": ["{{A.result}}", 10],
                   "dependencies": ["A"]}]}""");
        assertThat(cluster.awaitFinished(node, id).status()).isEqualTo(WorkflowStatus.COMPLETED);

        // then the monitor was told, and its snapshots follow
        await().atMost(Cluster.WAIT).until(() -> monitor.payloads(EventNames.MONITOR_EVENT).stream()
                .anyMatch(e -> e.path("type").asText().equals("workflow.completed")
                        && e.path("workflow_id").asText().equals(id)));
        assertThat(monitor.payloads(EventNames.EXTERNAL_SERVICE_REGISTERED)).singleElement()
                .satisfies(n -> assertThat(n.path("name").asText()).isEqualTo("math"));
        await().atMost(Cluster.WAIT).until(() -> {
            List<JsonNode> updates = monitor.payloads(EventNames.MONITOR_METRICS_UPDATE);
            JsonNode last = updates.isEmpty() ? null : updates.get(updates.size() - 1);
            return last != null && last.path("workflow_metrics").path("completed").asInt() == 1
                    && last.path("node_metrics").path(0).path("tasks_completed").asInt() == 2
                    && last.path("node_metrics").path(0).path("kind").asText().equals("functions");
        });
        JsonNode detail = monitor.request(EventNames.MONITOR_WORKFLOW, Map.of("workflow_id", id)).path("workflow");
        assertThat(detail.path("status").asText()).isEqualTo("completed");
        assertThat(detail.path("tasks").path(1).path("dependencies").path(0).asText()).isEqualTo(id + "/0");

        // and the node's HTTP port counts the work and is healthy
        int[] status = new int[1];
        await().atMost(Cluster.WAIT).untilAsserted(() -> {
            String metrics = get(monitoring.httpPort(), "/metrics", status);
            assertThat(status[0]).isEqualTo(200);
            assertThat(metrics).containsPattern("(?m)^gleitzeit_decisions_total [1-9]")
                    .containsPattern("(?m)^gleitzeit_tasks_finished_total\\{outcome=\"completed\",provider=\"none\","
                            + "task_type=\"python_execution\"} 2\\.0$")
                    .containsPattern("(?m)^gleitzeit_connected_services 1\\.0$");
        });
        String health = get(monitoring.httpPort(), "/health", status);
        assertThat(status[0]).isEqualTo(200);
        assertThat(health).contains("\"status\":\"up\"");
        String config = get(monitoring.httpPort(), "/dashboard-config.json", status);
        assertThat(config).contains("\"hub_port\":" + node.port());
    }
}
