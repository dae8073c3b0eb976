package io.gleitzeit.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The monitoring snapshot of {@code monitor:initial_metrics} and {@code monitor:metrics_update}.
 *
 * @param timestamp        when it was taken
 * @param clusterMetrics   connection and node counts
 * @param nodeMetrics      one entry per service
 * @param queueMetrics     ready tasks by priority
 * @param aggregateMetrics load over all services
 * @param endpointMetrics  (ext) one entry per endpoint
 * @param workflowMetrics  (ext) workflows by status
 */
@WirePayload
public record ClusterMetrics(
        @WireTimestamp Instant timestamp, Counts clusterMetrics, List<NodeMetrics> nodeMetrics, Queues queueMetrics,
        Aggregate aggregateMetrics, List<EndpointMetrics> endpointMetrics, Workflows workflowMetrics) {

    public ClusterMetrics {
        Objects.requireNonNull(timestamp, "timestamp");
        clusterMetrics = Objects.requireNonNullElse(clusterMetrics, new Counts(0, 0, 0, 0, 0));
        nodeMetrics = Require.list(nodeMetrics);
        queueMetrics = Objects.requireNonNullElse(queueMetrics, new Queues(0, 0, 0, 0, 0));
        aggregateMetrics = Objects.requireNonNullElse(aggregateMetrics, new Aggregate(0, 0));
        endpointMetrics = Require.list(endpointMetrics);
        workflowMetrics = Objects.requireNonNullElse(workflowMetrics, new Workflows(0, 0, 0, 0));
    }

    /** {@code cluster_metrics}. */
    @WirePayload
    public record Counts(
            int connectedClients, int executorNodes, int externalServiceNodes, int activeWorkflows,
            int monitoringClients) {
    }

    /**
     * One entry of {@code node_metrics}; {@code serviceType} and {@code kind} are (ext).
     *
     * @param serviceType the service's declared {@code service_type} ({@code llm}, {@code function}, …), or
     *                    {@code null} when it declared none
     * @param kind        what monitors show an icon for: {@link #INTERNAL_LLM}, {@link #EXTERNAL_LLM},
     *                    {@link #FUNCTIONS} or {@link #OTHER}
     */
    @WirePayload
    public record NodeMetrics(
            String nodeId, String name, String nodeType, String status, int activeTasks, int maxTasks,
            @WireTimestamp Instant lastHeartbeat, double uptimeSeconds, List<String> capabilities,
            long tasksCompleted, long tasksFailed, double successRate, String serviceType, String kind) {
        /** An LLM service with its own model endpoints (Ollama). */
        public static final String INTERNAL_LLM = "internal_llm";
        /** An LLM service calling a hosted provider (OpenAI, Anthropic, Gemini, …). */
        public static final String EXTERNAL_LLM = "external_llm";
        /** A function service. */
        public static final String FUNCTIONS = "functions";
        /** Anything else (HTTP, SQL, custom). */
        public static final String OTHER = "other";

        public NodeMetrics {
            Require.text(nodeId, "node_id");
            capabilities = Require.list(capabilities);
        }
    }

    /** {@code queue_metrics}: ready tasks waiting for a service, by priority. */
    @WirePayload
    public record Queues(int urgentQueue, int highQueue, int normalQueue, int lowQueue, int totalQueued) {
    }

    /** {@code aggregate_metrics}. */
    @WirePayload
    public record Aggregate(int totalActiveTasks, double clusterUtilization) {
    }

    /** One entry of {@code endpoint_metrics} (ext). */
    @WirePayload
    public record EndpointMetrics(
            String endpointId, String url, String serviceId, boolean healthy, int inFlight, int maxConcurrent,
            List<String> loadedModels, Long vramUsedBytes, Long vramTotalBytes, Double ewmaLatencyMs,
            long tasksCompleted, long tasksFailed) {
        public EndpointMetrics {
            Require.text(endpointId, "endpoint_id");
            loadedModels = Require.list(loadedModels);
        }
    }

    /** {@code workflow_metrics} (ext). */
    @WirePayload
    public record Workflows(int running, int completed, int failed, int cancelled) {
    }
}
