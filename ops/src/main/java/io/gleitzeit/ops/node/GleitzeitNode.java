package io.gleitzeit.ops.node;

import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.orchestrator.hub.clients.ClientDependencies;
import io.gleitzeit.orchestrator.hub.clients.ClientHandlers;
import io.gleitzeit.orchestrator.hub.rooms.LiveProgressRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomSink;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.node.OrchestratorNode;
import io.gleitzeit.projections.Projector;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.projections.workflows.WorkflowSummaryModel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A whole Gleitzeit node, the one composition {@code gleitzeit orchestrator}, {@code gleitzeit up},
 * {@code gleitzeit bench --path full} and {@code GleitzeitCluster} run: an {@link OrchestratorNode} (replica, routing
 * projections, the hub's services side and dispatch) extended with the hub's client side — the client events
 * ({@link ClientHandlers}), the room relay fed by the node's commit feed (streams read once per node), live progress
 * relayed from the pub/sub channel — and the workflow summaries projection {@code workflow:list} reads.
 *
 * <pre>{@code
 * try (GleitzeitNode node = GleitzeitNode.create(redisClient, NodeOptions.newBuilder().build()).start()) {
 *     ... // clients and services connect to node.url()
 * }
 * }</pre>
 */
public final class GleitzeitNode implements AutoCloseable {
    private final OrchestratorNode node;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> summariesConnection;
    private final Projector summaries;
    private LiveProgressRelay live;
    private boolean started;
    private boolean closed;

    private GleitzeitNode(RedisClient client, NodeOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.node = new OrchestratorNode(client, Objects.requireNonNull(options, "options"));
        EntryDecoder decoder = new EntryDecoder(EventCodec.standard());
        this.summariesConnection = client.connect();
        // Leased per model: on several nodes one applies the summaries and the others stand by.
        this.summaries = new Projector(client, node.keys(), decoder, List.of(new WorkflowSummaryModel()),
                ProjectorOptions.newBuilder().owner(options.hubId()).build());
        ClientHandlers.install(node.transport(), new ClientDependencies(node.log(),
                new WorkflowSummaries(summariesConnection, node.keys()),
                new WorkflowDocumentParser(() -> "wf-" + UUID.randomUUID()), options.clock(), options.hubId()));
        RoomRelay rooms = RoomRelay.over(node.log(), RoomSink.of(node.transport()));
        node.commits().register(rooms::relay);
    }

    /**
     * A node (not started) on the Redis of {@code client}, which stays the caller's. Further hub parts (monitoring)
     * install on {@link #orchestrator()}'s transport and commit feed before {@link #start()}.
     */
    public static GleitzeitNode create(RedisClient client, NodeOptions options) {
        return new GleitzeitNode(client, options);
    }

    /** Starts the projections, the live relay and the node (its transport last). */
    public synchronized GleitzeitNode start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "the node was closed" : "the node was already started");
        }
        started = true;
        summaries.start();
        live = LiveProgressRelay.start(client, node.keys(), RoomSink.of(node.transport()));
        node.start();
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

    /** The URL clients and services on this machine use: {@code http://127.0.0.1:<port>}. */
    public String localUrl() {
        return "http://127.0.0.1:" + node.port();
    }

    /** Stops the node gracefully (see {@link OrchestratorNode#close()}), then the relays and projection. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        node.close();
        if (live != null) {
            live.close();
        }
        summaries.close();
        summariesConnection.close();
    }
}
