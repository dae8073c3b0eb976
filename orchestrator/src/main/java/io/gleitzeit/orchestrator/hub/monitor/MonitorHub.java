package io.gleitzeit.orchestrator.hub.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.orchestrator.hub.services.ServiceHub;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.AckError;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.Problem;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.projections.monitoring.ClientCounts;
import io.gleitzeit.projections.monitoring.MonitoringSnapshot;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.protocol.ClusterMetrics;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.MonitorEvent;
import io.gleitzeit.protocol.MonitorInitialMetrics;
import io.gleitzeit.protocol.MonitorRecentEvents;
import io.gleitzeit.protocol.MonitorSubscribeRequest;
import io.gleitzeit.protocol.MonitorSubscribed;
import io.gleitzeit.protocol.MonitorUnsubscribed;
import io.gleitzeit.protocol.WorkflowListRequest;
import io.gleitzeit.protocol.WorkflowRequest;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves monitors on a hub (PROTOCOL.md "Monitoring"): {@code monitor:subscribe} answers
 * {@code monitor:initial_metrics} then {@code monitor:subscribed}, after which the monitor receives
 * {@code monitor:metrics_update} every interval. One snapshot is taken per interval and broadcast to every
 * subscribed socket (none is taken while nobody subscribes). Gleitzeit additions: {@code monitor:recent_events}
 * after subscribing and {@code monitor:event} per recorded transition (subscription type {@code events}), and two
 * read-only queries, {@code monitor:workflows} and {@code monitor:workflow} (task graph and timeline). Subscribers
 * also join {@link ServiceHub#MONITOR_ROOM}, where registrations are announced.
 *
 * <p>Every replica serves its own monitors from the shared projections and streams; nothing here is written.
 *
 * <pre>{@code
 * MonitorHub monitor = MonitorHub.create(redisClient, keyLayout, MonitorOptions.newBuilder().build());
 * monitor.install(hubTransport);   // before hubTransport.start()
 * monitor.start();
 * }</pre>
 */
public final class MonitorHub implements AutoCloseable {
    /** Subscription type for {@code monitor:metrics_update}. */
    public static final String METRICS = "metrics";
    /** Subscription type for {@code monitor:recent_events} and {@code monitor:event}. */
    public static final String EVENTS = "events";
    static final String METRICS_ROOM = "monitor:metrics";
    static final String EVENTS_ROOM = "monitor:events";
    private static final Set<String> TYPES = Set.of(MonitorSubscribeRequest.ALL, METRICS, EVENTS);
    private static final Logger LOG = LoggerFactory.getLogger(MonitorHub.class);

    private final MonitorOptions options;
    private final RedisLink connection;
    private final RedisEventLog log;
    private final MonitoringSnapshot snapshots;
    private final WorkflowSummaries summaries;
    private final WorkflowDetails details;
    private final ActivityFeed feed;
    private final Map<String, List<String>> subscribers = new ConcurrentHashMap<>();
    private final AtomicReference<HubTransport> hub = new AtomicReference<>();
    private final AtomicLong updatesSent = new AtomicLong();
    private final ScheduledExecutorService ticker;

    private MonitorHub(RedisConnector client, KeyLayout keys, MonitorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        EventCodec codec = EventCodec.standard();
        this.connection = client.connect();
        this.log = RedisEventLog.connect(client, keys, codec);
        this.snapshots = new MonitoringSnapshot(connection, keys, options.clock());
        this.summaries = new WorkflowSummaries(connection, keys);
        this.details = new WorkflowDetails(log, () -> new ActivityDescriber(codec.eventTypes()));
        this.feed = new ActivityFeed(new PartitionTail(client, keys, log.decoder(), StreamPosition.LATEST), log,
                new ActivityDescriber(codec.eventTypes()), options, this::broadcastEvent);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gleitzeit-monitor-updates");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A monitor hub reading the projections and streams of {@code keys} through {@code client} (the caller's; it
     * stays open after {@link #close()}). Not serving until {@link #install installed} and {@link #start started}.
     */
    public static MonitorHub create(RedisClient client, KeyLayout keys, MonitorOptions options) {
        return create(RedisConnector.of(Objects.requireNonNull(client, "client")), keys, options);
    }

    /** As {@link #create(RedisClient, KeyLayout, MonitorOptions)}, on any Redis topology. */
    public static MonitorHub create(RedisConnector client, KeyLayout keys, MonitorOptions options) {
        return new MonitorHub(Objects.requireNonNull(client, "client"), Objects.requireNonNull(keys, "keys"),
                options);
    }

    /** Registers the monitor events on {@code transport} (before it starts); one transport per monitor hub. */
    public MonitorHub install(HubTransport transport) {
        Objects.requireNonNull(transport, "transport");
        if (!hub.compareAndSet(null, transport)) {
            throw new IllegalStateException("the monitor hub is already installed on a transport");
        }
        transport.on(EventNames.MONITOR_SUBSCRIBE, MonitorSubscribeRequest.class, Role.MONITOR, this::subscribe);
        transport.on(EventNames.MONITOR_UNSUBSCRIBE, JsonNode.class, Role.MONITOR, this::unsubscribe);
        transport.on(EventNames.MONITOR_WORKFLOWS, WorkflowListRequest.class, Role.MONITOR, this::listWorkflows);
        transport.on(EventNames.MONITOR_WORKFLOW, WorkflowRequest.class, Role.MONITOR, this::describeWorkflow);
        transport.onDisconnect(client -> subscribers.remove(client.id()));
        return this;
    }

    /**
     * Also hands every event this replica reads from the streams to {@code listener} (say, to time tasks for
     * {@code /metrics}), on the feed's thread: it must be quick. Register before {@link #start()}.
     */
    public MonitorHub onRecorded(Consumer<EventEnvelope<? extends Event>> listener) {
        feed.onRecorded(listener);
        return this;
    }

    /** Starts the updates and the event feed. */
    public MonitorHub start() {
        if (hub.get() == null) {
            throw new IllegalStateException("install the monitor hub on a transport before starting it");
        }
        feed.start();
        long every = options.updateInterval().toMillis();
        ticker.scheduleAtFixedRate(this::sendUpdate, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Connections currently subscribed. */
    public int monitoringClients() {
        return subscribers.size();
    }

    /** {@code monitor:metrics_update} broadcasts sent so far (one per interval with subscribers). */
    public long updatesSent() {
        return updatesSent.get();
    }

    private void subscribe(HubClient client, MonitorSubscribeRequest request, Ack ack) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < request.types().size(); i++) {
            String type = request.types().get(i);
            if (type == null || !TYPES.contains(type)) {
                problems.add(new Problem("$.types[" + i + "]",
                        "unknown subscription type '" + type + "', expected all, metrics or events"));
            }
        }
        if (!problems.isEmpty()) {
            ack.error(AckError.badRequest("invalid monitor:subscribe", problems));
            return;
        }
        List<String> types = List.copyOf(request.types());
        boolean all = types.contains(MonitorSubscribeRequest.ALL);
        subscribers.put(client.id(), types);
        snapshots.take(counts()).whenComplete((metrics, error) -> {
            if (error != null) {
                subscribers.remove(client.id());
                LOG.warn("monitor snapshot for {} failed", client, error);
                ack.error(AckError.INTERNAL, "the monitoring snapshot could not be read: " + error.getMessage());
                return;
            }
            double seconds = options.updateInterval().toMillis() / 1000.0;
            client.emit(EventNames.MONITOR_INITIAL_METRICS, new MonitorInitialMetrics(metrics, types, seconds));
            String message = "Subscribed to monitoring updates";
            client.emit(EventNames.MONITOR_SUBSCRIBED, new MonitorSubscribed(message, types));
            if (all || types.contains(EVENTS)) {
                client.emit(EventNames.MONITOR_RECENT_EVENTS, new MonitorRecentEvents(feed.recent()));
                client.join(EVENTS_ROOM);
            }
            if (all || types.contains(METRICS)) {
                client.join(METRICS_ROOM);
            }
            // Where the services side announces registrations (external_service:registered).
            client.join(ServiceHub.MONITOR_ROOM);
            ack.ok(new MonitorSubscribed(message, types));
        });
    }

    private void unsubscribe(HubClient client, JsonNode ignored, Ack ack) {
        subscribers.remove(client.id());
        client.leave(METRICS_ROOM);
        client.leave(EVENTS_ROOM);
        client.leave(ServiceHub.MONITOR_ROOM);
        MonitorUnsubscribed answer = new MonitorUnsubscribed("Unsubscribed from monitoring");
        client.emit(EventNames.MONITOR_UNSUBSCRIBED, answer);
        ack.ok(answer);
    }

    private void listWorkflows(HubClient client, WorkflowListRequest request, Ack ack) {
        Optional<WorkflowStatus> status;
        try {
            status = Optional.ofNullable(request.status()).map(MonitorHub::terminalOrRunning);
        } catch (IllegalArgumentException e) {
            ack.error(AckError.badRequest("invalid monitor:workflows",
                    List.of(new Problem("$.status", e.getMessage()))));
            return;
        }
        int limit = Math.min(WorkflowSummaries.MAX_LIMIT,
                request.limit() == null ? options.workflowLimit() : request.limit());
        ack.completeWith(summaries.list(status, limit).thenApply(list ->
                Map.of("workflows", list.stream().map(WorkflowOverview::of).toList())));
    }

    private static WorkflowStatus terminalOrRunning(String wire) {
        WorkflowStatus status;
        try {
            status = WorkflowStatus.valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            status = WorkflowStatus.NOT_SUBMITTED;
        }
        if (status == WorkflowStatus.NOT_SUBMITTED) {
            throw new IllegalArgumentException(
                    "unknown status '" + wire + "', expected running, completed, failed or cancelled");
        }
        return status;
    }

    private void describeWorkflow(HubClient client, WorkflowRequest request, Ack ack) {
        details.get(request.workflowId()).whenComplete((detail, error) -> {
            if (error != null) {
                LOG.warn("reading workflow {} for a monitor failed", request.workflowId(), error);
                ack.error(AckError.INTERNAL, "workflow " + request.workflowId() + " could not be read: "
                        + error.getMessage());
            } else if (detail.isEmpty()) {
                ack.error(io.gleitzeit.protocol.AckError.NOT_FOUND, "no workflow " + request.workflowId());
            } else {
                ack.ok(Map.of("workflow", detail.get()));
            }
        });
    }

    private ClientCounts counts() {
        HubTransport transport = hub.get();
        return new ClientCounts(transport == null ? 0 : transport.clients().size(), subscribers.size());
    }

    private void sendUpdate() {
        HubTransport transport = hub.get();
        try {
            if (transport.roomMembers(METRICS_ROOM).isEmpty()) {
                return;
            }
            ClusterMetrics metrics = snapshots.take(counts()).toCompletableFuture()
                    .get(options.updateInterval().toMillis(), TimeUnit.MILLISECONDS);
            transport.broadcast(METRICS_ROOM, EventNames.MONITOR_METRICS_UPDATE, metrics);
            updatesSent.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The next interval tries again; monitors keep the last figures meanwhile.
            LOG.warn("monitor update skipped: {}", e.toString());
        }
    }

    private void broadcastEvent(MonitorEvent event) {
        HubTransport transport = hub.get();
        if (transport != null) {
            transport.broadcast(EVENTS_ROOM, EventNames.MONITOR_EVENT, event);
        }
    }

    /** Stops the updates and the feed and closes the connections it opened. */
    @Override
    public void close() {
        ticker.shutdownNow();
        feed.close();
        log.close();
        connection.close();
    }
}
