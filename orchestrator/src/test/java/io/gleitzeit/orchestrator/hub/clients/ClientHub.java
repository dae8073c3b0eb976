package io.gleitzeit.orchestrator.hub.clients;

import static org.awaitility.Awaitility.await;

import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.orchestrator.hub.rooms.LiveProgressRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomSink;
import io.gleitzeit.orchestrator.hub.rooms.StatusNames;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.hub.transport.Principal;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.orchestrator.runtime.OrchestratorReplica;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.orchestrator.runtime.RoutingSource;
import io.gleitzeit.projections.Projector;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hub's client side over a real Redis: an orchestrator replica deciding, the workflow summaries projection, a real
 * Socket.IO transport on a free port with the client handlers, the room relay and the live progress relay, and a
 * {@link ScriptedService} answering dispatches. Tokens: {@value #CLIENT_TOKEN} (client role) and
 * {@value #MONITOR_TOKEN} (monitor role only).
 */
final class ClientHub implements AutoCloseable {
    static final String CLIENT_TOKEN = "client-token";
    static final String MONITOR_TOKEN = "monitor-token";
    static final int PARTITIONS = 4;

    final TestRedis redis;
    final KeyLayout keys;
    final RedisEventLog log;
    final HubTransport transport;
    final ScriptedService service;
    private final RoutingSource routing;
    private final List<OrchestratorReplica> replicas = new ArrayList<>();
    private final Projector projector;
    private final HubNode first;
    private final List<HubNode> nodes = new ArrayList<>();

    ClientHub(TestRedis redis) {
        this.redis = redis;
        this.keys = new KeyLayout(redis.prefix(), new PartitionScheme(PARTITIONS));
        routing = RoutingSource.fixed(RoutingSnapshot.of(ServiceCandidate
                .newBuilder(ScriptedService.SERVICE_ID, "scripted", "hub-test")
                .serviceType("function").taskTypes("python_execution").maxConcurrent(1000).build()));
        startReplica("r0");
        log = RedisEventLog.connect(redis.client(), keys, EventCodec.standard());
        projector = new Projector(redis.client(), keys, log.decoder(), MonitoringModels.all(),
                ProjectorOptions.newBuilder().owner("hub-test").build());
        projector.start();
        first = startNode("hub-a");
        transport = first.transport;
        service = new ScriptedService(log, new PartitionTail(redis.client(), keys, log.decoder(),
                StreamPosition.LATEST));
    }

    /** Another orchestrator replica deciding on the same streams (the replicas share the commands). */
    void startReplica(String replicaId) {
        OrchestratorReplica replica = new OrchestratorReplica(redis.client(), ReplicaOptions.newBuilder()
                .replicaId(replicaId).keyPrefix(redis.prefix()).partitions(PARTITIONS)
                .timerInterval(Duration.ofMillis(50)).build(), routing);
        replica.start().toCompletableFuture().join();
        replicas.add(replica);
    }

    /** Another hub on the same Redis, as another replica would run it: its own transport and relays. */
    HubNode startNode(String hubId) {
        HubTransport hub = HubTransport.create(HubTransportOptions.newBuilder().host("127.0.0.1").port(0)
                .shutdownTimeout(Duration.ofSeconds(10)).build(), Authenticator.tokens(Map.of(
                CLIENT_TOKEN, Principal.of("alice", Role.CLIENT),
                MONITOR_TOKEN, Principal.of("watcher", Role.MONITOR))));
        ClientHandlers.install(hub, new ClientDependencies(log, new WorkflowSummaries(redis.connect(), keys),
                new WorkflowDocumentParser(() -> "wf-" + UUID.randomUUID()), Clock.systemUTC(), hubId));
        HubNode node = new HubNode(hub, RoomRelay.start(redis.client(), keys, log.decoder(), log, RoomSink.of(hub)),
                LiveProgressRelay.start(redis.client(), keys, RoomSink.of(hub)));
        hub.start();
        nodes.add(node);
        return node;
    }

    String url() {
        return first.url();
    }

    /** One hub's client side. */
    record HubNode(HubTransport transport, RoomRelay rooms, LiveProgressRelay live) {
        String url() {
            return "http://127.0.0.1:" + transport.port();
        }

        void stop() {
            transport.stop(Duration.ofSeconds(10));
            rooms.close();
            live.close();
        }
    }

    /** Entries in every command and event stream: what a refused request must leave at zero. */
    long streamEntries() {
        RedisCommands<String, String> admin = redis.connect().sync();
        long entries = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            entries += admin.xlen(keys.commands(p)) + admin.xlen(keys.events(p));
        }
        return entries;
    }

    /** Waits until the summaries projection shows the workflow in {@code status}. */
    void awaitListed(String workflowId, String status) {
        WorkflowSummaries summaries = new WorkflowSummaries(redis.connect(), keys);
        await().atMost(Duration.ofSeconds(30)).until(() -> summaries.get(workflowId).toCompletableFuture().join()
                .filter(s -> StatusNames.of(s.status()).equals(status)).isPresent());
    }

    @Override
    public void close() throws Exception {
        service.close();
        nodes.forEach(HubNode::stop);
        projector.close();
        replicas.forEach(OrchestratorReplica::close);
        log.close();
    }
}
