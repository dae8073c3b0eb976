package io.gleitzeit.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code node:heartbeat}: a service is alive, with its load. A service that misses heartbeats for the configured
 * time is treated as gone.
 *
 * @param nodeId         the registered node id
 * @param serviceName    the registered name
 * @param status         {@code active} (default), {@code busy}, {@code draining}, …
 * @param nodeType       {@code external_service}
 * @param activeTasks    tasks running now
 * @param maxTasks       the concurrency limit
 * @param tasksCompleted completed since the process started
 * @param tasksFailed    failed since the process started
 * @param uptimeSeconds  since the process started
 * @param capabilities   the task types it handles (a list here, unlike in {@link NodeRegistration})
 * @param timestamp      when it was sent, or {@code null}
 * @param endpoints      (ext) per-endpoint health
 */
@WirePayload
public record Heartbeat(
        String nodeId, String serviceName, String status, String nodeType, int activeTasks, int maxTasks,
        long tasksCompleted, long tasksFailed, double uptimeSeconds, List<String> capabilities,
        @WireTimestamp Instant timestamp, List<EndpointHealth> endpoints) {
    /** The status of a service that takes work. */
    public static final String STATUS_ACTIVE = "active";

    public Heartbeat {
        Require.text(nodeId, "node_id");
        status = Objects.requireNonNullElse(status, STATUS_ACTIVE);
        nodeType = Objects.requireNonNullElse(nodeType, ClusterProtocol.EXTERNAL_SERVICE_NODE_TYPE);
        Require.nonNegative(activeTasks, "active_tasks");
        Require.nonNegative(maxTasks, "max_tasks");
        Require.nonNegative(tasksCompleted, "tasks_completed");
        Require.nonNegative(tasksFailed, "tasks_failed");
        capabilities = Require.list(capabilities);
        endpoints = Require.list(endpoints);
    }
}
