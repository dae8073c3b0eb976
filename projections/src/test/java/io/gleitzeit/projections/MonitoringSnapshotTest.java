package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.projections.monitoring.ClientCounts;
import io.gleitzeit.projections.monitoring.MonitoringSnapshot;
import io.gleitzeit.protocol.ClusterMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code metrics} object of PROTOCOL.md "Monitoring", field by field, after the shared workload. */
class MonitoringSnapshotTest extends ProjectionTestSupport {
    private static final Instant NOW = Instant.parse("2030-01-01T01:00:00Z");
    private JsonNode metrics;

    @BeforeEach
    void takeASnapshot() throws Exception {
        Projector projector = startProjector("p1");
        Scenario.play(history);
        awaitCaughtUp(projector);
        ClusterMetrics snapshot = new MonitoringSnapshot(reads, layout, Clock.fixed(NOW, ZoneOffset.UTC))
                .take(new ClientCounts(3, 1)).toCompletableFuture().join();
        metrics = new ObjectMapper().readTree(new ObjectMapper().findAndRegisterModules().writeValueAsString(snapshot));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void hasTheTopLevelFieldsOfTheProtocol() {
        assertThat(fields(metrics)).containsExactlyInAnyOrder("timestamp", "cluster_metrics", "node_metrics",
                "queue_metrics", "aggregate_metrics", "endpoint_metrics", "workflow_metrics");
        assertThat(metrics.get("timestamp").asText()).isEqualTo("2030-01-01T01:00:00Z");
    }

    @Test
    void clusterMetricsCountConnectedServicesRunningWorkflowsAndTheCallersClients() {
        JsonNode cluster = metrics.get("cluster_metrics");

        assertThat(fields(cluster)).containsExactlyInAnyOrder("connected_clients", "executor_nodes",
                "external_service_nodes", "active_workflows", "monitoring_clients");
        assertThat(cluster.get("connected_clients").asInt()).isEqualTo(3);
        assertThat(cluster.get("executor_nodes").asInt()).isZero();
        assertThat(cluster.get("external_service_nodes").asInt()).isEqualTo(1);
        assertThat(cluster.get("active_workflows").asInt()).isEqualTo(1);
        assertThat(cluster.get("monitoring_clients").asInt()).isEqualTo(1);
    }

    @Test
    void nodeMetricsDescribeEachServiceWithItsLoadAndOutcomes() {
        JsonNode nodes = metrics.get("node_metrics");
        assertThat(nodes).hasSize(2);
        JsonNode fn = nodes.get(0);

        assertThat(fields(fn)).containsExactlyInAnyOrder("node_id", "name", "node_type", "status", "active_tasks",
                "max_tasks", "last_heartbeat", "uptime_seconds", "capabilities", "tasks_completed", "tasks_failed",
                "success_rate", "service_type", "kind");
        assertThat(fn.get("node_id").asText()).isEqualTo("svc-fn");
        assertThat(fn.get("name").asText()).isEqualTo("svc-fn-name");
        assertThat(fn.get("node_type").asText()).isEqualTo("external_service");
        assertThat(fn.get("status").asText()).isEqualTo("active");
        assertThat(fn.get("active_tasks").asInt()).isEqualTo(1);
        assertThat(fn.get("max_tasks").asInt()).isEqualTo(4);
        assertThat(fn.get("last_heartbeat").asText()).isEqualTo("2030-01-01T00:00:01Z");
        assertThat(fn.get("uptime_seconds").asDouble()).isEqualTo(3599.0);
        assertThat(fn.get("capabilities").get(0).asText()).isEqualTo("python_execution");
        assertThat(fn.get("tasks_completed").asLong()).isEqualTo(1);
        assertThat(fn.get("tasks_failed").asLong()).isEqualTo(2);
        assertThat(fn.get("success_rate").asDouble()).isEqualTo(1.0 / 3);
        assertThat(fn.get("service_type").asText()).isEqualTo("function");
        assertThat(fn.get("kind").asText()).isEqualTo("functions");
        JsonNode llm = nodes.get(1);
        assertThat(llm.get("kind").asText()).as("an llm service with endpoints of its own").isEqualTo("internal_llm");
        assertThat(llm.get("status").asText()).isEqualTo("offline");
        assertThat(llm.get("uptime_seconds").asDouble()).isZero();
        assertThat(llm.get("success_rate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void queueMetricsCountReadyTasksByPriority() {
        JsonNode queues = metrics.get("queue_metrics");

        assertThat(fields(queues)).containsExactlyInAnyOrder("urgent_queue", "high_queue", "normal_queue",
                "low_queue", "total_queued");
        assertThat(queues.get("urgent_queue").asInt()).isEqualTo(1);
        assertThat(queues.get("high_queue").asInt()).isZero();
        assertThat(queues.get("normal_queue").asInt()).isZero();
        assertThat(queues.get("low_queue").asInt()).isEqualTo(1);
        assertThat(queues.get("total_queued").asInt()).isEqualTo(2);
    }

    @Test
    void aggregateMetricsRelateConnectedLoadToConnectedCapacity() {
        JsonNode aggregate = metrics.get("aggregate_metrics");

        assertThat(fields(aggregate)).containsExactlyInAnyOrder("total_active_tasks", "cluster_utilization");
        assertThat(aggregate.get("total_active_tasks").asInt()).isEqualTo(1);
        assertThat(aggregate.get("cluster_utilization").asDouble()).isEqualTo(0.25);
    }

    @Test
    void endpointMetricsCarryLoadHealthAndGpuFigures() {
        JsonNode endpoints = metrics.get("endpoint_metrics");
        assertThat(endpoints).hasSize(2);
        JsonNode a = endpoints.get(0);

        assertThat(fields(a)).containsExactlyInAnyOrder("endpoint_id", "url", "service_id", "healthy", "in_flight",
                "max_concurrent", "loaded_models", "vram_used_bytes", "vram_total_bytes", "ewma_latency_ms",
                "tasks_completed", "tasks_failed");
        assertThat(a.get("endpoint_id").asText()).isEqualTo("gpu-a");
        assertThat(a.get("url").asText()).isEqualTo("http://a:11434");
        assertThat(a.get("service_id").asText()).isEqualTo("svc-llm");
        assertThat(a.get("healthy").asBoolean()).isTrue();
        assertThat(a.get("in_flight").asInt()).isZero();
        assertThat(a.get("max_concurrent").asInt()).isEqualTo(2);
        assertThat(a.get("loaded_models").get(0).asText()).isEqualTo("llama3");
        assertThat(a.get("vram_used_bytes").asLong()).isEqualTo(8_000_000_000L);
        assertThat(a.get("vram_total_bytes").asLong()).isEqualTo(24_000_000_000L);
        assertThat(a.get("ewma_latency_ms").asDouble()).isEqualTo(300.0);
        assertThat(a.get("tasks_completed").asLong()).isEqualTo(1);
        assertThat(a.get("tasks_failed").asLong()).isEqualTo(1);
    }

    @Test
    void workflowMetricsCountWorkflowsByStatus() {
        JsonNode workflows = metrics.get("workflow_metrics");

        assertThat(fields(workflows)).containsExactlyInAnyOrder("running", "completed", "failed", "cancelled");
        assertThat(workflows.get("running").asInt()).isEqualTo(1);
        assertThat(workflows.get("completed").asInt()).isEqualTo(1);
        assertThat(workflows.get("failed").asInt()).isEqualTo(1);
        assertThat(workflows.get("cancelled").asInt()).isEqualTo(1);
    }
}
