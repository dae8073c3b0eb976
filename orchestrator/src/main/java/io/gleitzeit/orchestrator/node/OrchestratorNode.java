package io.gleitzeit.orchestrator.node;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.orchestrator.hub.dispatch.DispatchMetrics;
import io.gleitzeit.orchestrator.hub.dispatch.DispatchRelay;
import io.gleitzeit.orchestrator.hub.reports.LiveProgress;
import io.gleitzeit.orchestrator.hub.reports.ReportHandlers;
import io.gleitzeit.orchestrator.hub.services.LegacyAuthentication;
import io.gleitzeit.orchestrator.hub.services.ServiceHub;
import io.gleitzeit.orchestrator.hub.services.ServiceSessions;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.runtime.OrchestratorReplica;
import io.gleitzeit.projections.Projector;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.load.LoadView;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runnable orchestrator node: a replica deciding on every partition, the projections routing needs (service
 * registry and load; leased, so one node applies each and the others stand by), routing from those projections, and
 * the hub: its Socket.IO transport with the services side (registration, heartbeats, sessions, liveness), dispatch
 * to the services it holds, and their reports.
 *
 * <p>Other hub parts extend a node before {@link #start()}: handlers on {@link #transport()}, commit listeners on
 * {@link #commits()}; they read through {@link #log()}, {@link #registry()}, {@link #load()} and
 * {@link #replica()}.
 *
 * <pre>{@code
 * try (OrchestratorNode node = new OrchestratorNode(redisClient, NodeOptions.newBuilder().build())) {
 *     node.transport().on("workflow:status", WorkflowRequest.class, Role.CLIENT, handler);
 *     node.start();
 *     ...
 * }
 * }</pre>
 */
public final class OrchestratorNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorNode.class);

    private enum State { NEW, STARTED, CLOSED }

    private final NodeOptions options;
    private final KeyLayout keys;
    private final RedisEventLog log;
    private final RedisLink connection;
    private final RedisLink wakeConnection;
    private final ServiceRegistryView registry;
    private final LoadView load;
    private final ProjectedRoutingSource routing;
    private final OrchestratorReplica replica;
    private final Projector projector;
    private final HubTransport transport;
    private final CommitFeed commits;
    private final ServiceHub services;
    private final DispatchRelay dispatch;
    private final ScheduledExecutorService scheduler;
    private State state = State.NEW;

    /** A node (not yet started) on the Redis of {@code client}; the client is the caller's and stays open. */
    public OrchestratorNode(RedisClient client, NodeOptions options) {
        this(RedisConnector.of(Objects.requireNonNull(client, "client")), options);
    }

    /**
     * A node (not yet started) on any Redis topology: a server, a Sentinel-managed primary or Redis Cluster. The
     * connector is the caller's and stays open.
     */
    public OrchestratorNode(RedisConnector client, NodeOptions options) {
        Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        String hubId = options.hubId();
        this.keys = new KeyLayout(options.keyPrefix(), new PartitionScheme(options.partitions()));
        this.log = RedisEventLog.connect(client, keys, EventCodec.standard(),
                options.replica().inlineLimitBytes());
        this.connection = client.connect();
        this.wakeConnection = client.connect();
        this.registry = new ServiceRegistryView(connection, keys);
        this.load = new LoadView(connection, keys);
        this.routing = new ProjectedRoutingSource(registry, load, options.routingRefresh(), hubId);
        this.replica = new OrchestratorReplica(client, options.replica(), routing);
        // Routing needs the registry and load; monitors (MonitoringSnapshot) also need the workflow summaries.
        this.projector = new Projector(client, keys, log.decoder(), MonitoringModels.all(),
                ProjectorOptions.newBuilder().owner(hubId).build());
        this.transport = HubTransport.create(options.transport(), options.authenticator());
        this.commits = new CommitFeed(client, keys, log.decoder(), hubId);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, hubId + "-services");
            t.setDaemon(true);
            return t;
        });
        ServiceSessions sessions = new ServiceSessions(connection, options.keyPrefix());
        this.dispatch = new DispatchRelay(hubId, log, sessions, options.assignAckTimeout(), options.assignResends(),
                options.clock());
        this.services = new ServiceHub(hubId, log, sessions, dispatch, new ServiceHub.Timings(
                options.heartbeatTimeout(), options.disconnectGrace(), options.livenessInterval(),
                options.hubTimeout()), options.clock(), scheduler);
        ReportHandlers reports = new ReportHandlers(hubId, log, services, dispatch,
                new LiveProgress(connection, options.keyPrefix()), log.payloads(), options.maxResultBytes(), options.clock());
        WaitingWorkflows waiting = new WaitingWorkflows(hubId, keys, wakeConnection, log, options.wakeInterval(),
                options.clock());

        LegacyAuthentication.install(transport);
        services.install(transport);
        reports.install(transport);
        commits.register(routing.liveLoad());
        commits.register(dispatch);
        commits.register(services);
        routing.onRefresh(waiting::refreshed);
    }

    /**
     * Starts everything: projections, the commit feed (from the streams' current ends), routing, the replica, the
     * services side, and last the transport, so that the first service finds everything ready.
     */
    public synchronized OrchestratorNode start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the node was already " + state.name().toLowerCase());
        }
        state = State.STARTED;
        projector.start();
        commits.start();
        routing.start();
        replica.start().toCompletableFuture().join();
        services.start();
        transport.start();
        LOG.info("orchestrator node {} running: hub on port {}, {} partitions, prefix {}", options.hubId(),
                transport.port(), options.partitions(), options.keyPrefix());
        return this;
    }

    public NodeOptions options() {
        return options;
    }

    /** The hub's Socket.IO transport: register extra handlers and listeners before {@link #start()}. */
    public HubTransport transport() {
        return transport;
    }

    /** Every commit of every partition, as this node sees it: register listeners before {@link #start()}. */
    public CommitFeed commits() {
        return commits;
    }

    /** The event log (appending, reading, sending commands). */
    public EventLog log() {
        return log;
    }

    /** The key layout of the node's streams. */
    public KeyLayout keys() {
        return keys;
    }

    /** The service registry projection. */
    public ServiceRegistryView registry() {
        return registry;
    }

    /** The load projection. */
    public LoadView load() {
        return load;
    }

    /** Routing as the decider sees it. */
    public ProjectedRoutingSource routing() {
        return routing;
    }

    public OrchestratorReplica replica() {
        return replica;
    }

    /** The projector of the registry, load and workflow-summary models (leased: active here or standing by). */
    public Projector projector() {
        return projector;
    }

    /** The services whose sockets this node's hub holds. */
    public ServiceHub services() {
        return services;
    }

    /** Dispatch to this hub's services, and its figures. */
    public DispatchRelay dispatch() {
        return dispatch;
    }

    public DispatchMetrics dispatchMetrics() {
        return dispatch.metrics();
    }

    /** The port the hub listens on. */
    public int port() {
        return transport.port();
    }

    /**
     * Stops as a crash would, for fault tests: sockets close, the hub's heartbeat key is left to expire (so other
     * hubs release its services), nothing in flight is acknowledged.
     */
    public synchronized void abort() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        scheduler.shutdownNow();
        transport.stop(options.transport().shutdownTimeout());
        routing.close();
        commits.close();
        replica.abort();
        projector.stop().toCompletableFuture().join();
        closeConnections();
    }

    /**
     * Stops gracefully: the transport first (services reconnect elsewhere), then the hub's heartbeat key is removed
     * so the other hubs release whatever this hub still held, then the replica finishes its commands in flight.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean started = state == State.STARTED;
        state = State.CLOSED;
        scheduler.shutdownNow();
        if (started) {
            transport.stop(options.transport().shutdownTimeout());
            services.close();
        }
        routing.close();
        commits.close();
        if (started) {
            replica.close();
        }
        projector.stop().toCompletableFuture().join();
        closeConnections();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeConnections() {
        log.close();
        connection.close();
        wakeConnection.close();
    }
}
