package io.gleitzeit.ops.node;

import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.hub.clients.ClientDependencies;
import io.gleitzeit.orchestrator.hub.clients.ClientHandlers;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.hub.rooms.LiveProgressRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomSink;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.node.NodeMonitoring;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.node.OrchestratorNode;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import java.util.Objects;
import java.util.UUID;

/**
 * A whole Gleitzeit node, the one composition {@code gleitzeit orchestrator}, {@code gleitzeit up},
 * {@code gleitzeit bench --path full} and {@code GleitzeitCluster} run: an {@link OrchestratorNode} (replica, the
 * projections routing and monitors read, the hub's services side and dispatch) extended with the hub's client side —
 * the client events ({@link ClientHandlers}, {@code workflow:list} reading the node's workflow summaries), the room
 * relay fed by the node's commit feed (streams read once per node), live progress relayed from the pub/sub channel —
 * and its monitoring ({@link NodeMonitoring}: {@code monitor:*} on the hub, metrics, and the HTTP server for
 * {@code /metrics}, {@code /health} and the dashboard).
 *
 * <pre>{@code
 * try (GleitzeitNode node = GleitzeitNode.create(redisClient, NodeOptions.newBuilder().build(),
 *         Monitoring.defaults()).start()) {
 *     ... // clients and services connect to node.localUrl(); the dashboard is on node.httpPort()
 * }
 * }</pre>
 */
public final class GleitzeitNode implements AutoCloseable {
    private final OrchestratorNode node;
    private final RedisConnector client;
    private final RedisLink summariesConnection;
    private final NodeMonitoring monitoring;
    private LiveProgressRelay live;
    private boolean started;
    private boolean closed;

    /**
     * How the node is monitored.
     *
     * @param monitor the {@code monitor:*} events
     * @param metrics the metrics
     * @param http    the HTTP server of {@code /metrics}, {@code /health} and the dashboard
     */
    public record Monitoring(MonitorOptions monitor, MetricsOptions metrics, OpsHttpOptions http) {
        public Monitoring {
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(http, "http");
        }

        /** Default monitor and metrics options, the HTTP server on a free port of 127.0.0.1. */
        public static Monitoring defaults() {
            return new Monitoring(MonitorOptions.newBuilder().build(), MetricsOptions.newBuilder().build(),
                    OpsHttpOptions.newBuilder().host("127.0.0.1").port(0).build());
        }
    }

    private GleitzeitNode(RedisConnector client, NodeOptions options, Monitoring monitoring) {
        this.client = Objects.requireNonNull(client, "client");
        this.node = new OrchestratorNode(client, Objects.requireNonNull(options, "options"));
        Objects.requireNonNull(monitoring, "monitoring");
        this.summariesConnection = client.connect();
        // The node's projector applies the workflow summaries (leased: on one node at a time); they are read here.
        ClientHandlers.install(node.transport(), new ClientDependencies(node.log(),
                new WorkflowSummaries(summariesConnection, node.keys()),
                new WorkflowDocumentParser(() -> "wf-" + UUID.randomUUID()), options.clock(), options.hubId()));
        RoomRelay rooms = RoomRelay.over(node.log(), RoomSink.of(node.transport()));
        node.commits().register(rooms::relay);
        this.monitoring = NodeMonitoring.install(client, node, monitoring.monitor(), monitoring.metrics(),
                monitoring.http());
    }

    /** A node (not started) on the Redis of {@code client}, which stays the caller's. */
    public static GleitzeitNode create(RedisClient client, NodeOptions options, Monitoring monitoring) {
        return create(RedisConnector.of(Objects.requireNonNull(client, "client")), options, monitoring);
    }

    /**
     * A node (not started) on any Redis topology — a server, a Sentinel-managed primary or Redis Cluster — through
     * {@code connector}, which stays the caller's.
     */
    public static GleitzeitNode create(RedisConnector connector, NodeOptions options, Monitoring monitoring) {
        return new GleitzeitNode(connector, options, monitoring);
    }

    /** {@link #create(RedisClient, NodeOptions, Monitoring)} with {@link Monitoring#defaults()}. */
    public static GleitzeitNode create(RedisClient client, NodeOptions options) {
        return create(client, options, Monitoring.defaults());
    }

    /** Starts the live relay, the node (its transport last) and its monitoring. */
    public synchronized GleitzeitNode start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "the node was closed" : "the node was already started");
        }
        started = true;
        live = LiveProgressRelay.start(client, node.keys(), RoomSink.of(node.transport()));
        node.start();
        monitoring.start();
        return this;
    }

    /** The orchestrator node underneath: its log, keys, transport, projections and dispatch figures. */
    public OrchestratorNode orchestrator() {
        return node;
    }

    public NodeOptions options() {
        return node.options();
    }

    /** The port the hub listens on. */
    public int port() {
        return node.port();
    }

    /** The port of {@code /metrics}, {@code /health} and the dashboard (once started). */
    public int httpPort() {
        return monitoring.httpPort();
    }

    /**
     * The URL clients and services on this machine use: {@code http://127.0.0.1:<port>}, {@code https://} when the
     * hub serves TLS.
     */
    public String localUrl() {
        return (node.options().transport().tls().isPresent() ? "https" : "http") + "://127.0.0.1:" + node.port();
    }

    /** Stops the monitoring, then the node gracefully (see {@link OrchestratorNode#close()}), then the relay. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitoring.close();
        node.close();
        if (live != null) {
            live.close();
        }
        summariesConnection.close();
    }
}
