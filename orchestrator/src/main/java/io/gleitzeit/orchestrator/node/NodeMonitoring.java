package io.gleitzeit.orchestrator.node;

import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.http.OpsHttpServer;
import io.gleitzeit.orchestrator.hub.monitor.MonitorHub;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.metrics.OrchestratorMetrics;
import io.gleitzeit.redis.connect.RedisConnector;
import io.lettuce.core.RedisClient;
import java.util.Objects;

/**
 * The monitoring surfaces of one node: {@code monitor:*} on its hub, its metrics, and the HTTP server for
 * {@code /metrics}, {@code /health} and the dashboard.
 *
 * <pre>{@code
 * OrchestratorNode node = new OrchestratorNode(client, nodeOptions);
 * NodeMonitoring monitoring = NodeMonitoring.install(client, node, MonitorOptions.newBuilder().build(),
 *         MetricsOptions.newBuilder().build(), OpsHttpOptions.newBuilder().build());   // before node.start()
 * node.start();
 * monitoring.start();
 * }</pre>
 */
public final class NodeMonitoring implements AutoCloseable {
    private final OrchestratorNode node;
    private final MonitorHub monitor;
    private final OrchestratorMetrics metrics;
    private final OpsHttpOptions httpOptions;
    private OpsHttpServer http;

    private NodeMonitoring(RedisConnector client, OrchestratorNode node, MonitorOptions monitorOptions,
                           MetricsOptions metricsOptions, OpsHttpOptions httpOptions) {
        this.node = node;
        this.httpOptions = Objects.requireNonNull(httpOptions, "httpOptions");
        this.monitor = MonitorHub.create(client, node.keys(), monitorOptions).install(node.transport());
        this.metrics = OrchestratorMetrics.create(client, node.keys(), metricsOptions)
                .replica(node.replica()).projector(node.projector()).monitor(monitor);
    }

    /** Installs the monitor events on the node's hub; call before the node starts. */
    public static NodeMonitoring install(RedisClient client, OrchestratorNode node, MonitorOptions monitorOptions,
                                         MetricsOptions metricsOptions, OpsHttpOptions httpOptions) {
        return install(RedisConnector.of(Objects.requireNonNull(client, "client")), node, monitorOptions,
                metricsOptions, httpOptions);
    }

    /** As {@link #install(RedisClient, OrchestratorNode, MonitorOptions, MetricsOptions, OpsHttpOptions)}, on any
     * Redis topology. */
    public static NodeMonitoring install(RedisConnector client, OrchestratorNode node, MonitorOptions monitorOptions,
                                         MetricsOptions metricsOptions, OpsHttpOptions httpOptions) {
        return new NodeMonitoring(Objects.requireNonNull(client, "client"), Objects.requireNonNull(node, "node"),
                monitorOptions, metricsOptions, httpOptions);
    }

    /** Starts the monitor updates, the metrics and the HTTP server; call after the node started. */
    public synchronized NodeMonitoring start() {
        if (http != null) {
            throw new IllegalStateException("node monitoring starts once");
        }
        monitor.start();
        metrics.start();
        // The dashboard connects to the hub on the port it really listens on (the options may have said 0).
        http = OpsHttpServer.start(httpOptions.toBuilder().hubPort(node.port())
                .hubPath(node.options().transport().path()).build(), metrics);
        return this;
    }

    /** The HTTP port listened on. */
    public int httpPort() {
        if (http == null) {
            throw new IllegalStateException("node monitoring is not started");
        }
        return http.port();
    }

    public MonitorHub monitor() {
        return monitor;
    }

    public OrchestratorMetrics metrics() {
        return metrics;
    }

    /** Stops the HTTP server, the metrics and the monitor hub (the node is closed by its owner). */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
        metrics.close();
        monitor.close();
    }
}
