package io.gleitzeit.projections.monitoring;

import io.gleitzeit.definition.Priority;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.load.EndpointLoad;
import io.gleitzeit.projections.load.LoadView;
import io.gleitzeit.projections.load.ServiceLoad;
import io.gleitzeit.projections.registry.ServiceRecord;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import io.gleitzeit.projections.registry.ServiceStatus;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.projections.workflows.WorkflowTotals;
import io.gleitzeit.protocol.ClusterMetrics;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The PROTOCOL.md {@code metrics} object ({@code monitor:initial_metrics}, {@code monitor:metrics_update}),
 * composed from the service registry, the load model and the workflow summaries. Any replica can take one: four
 * reads of Redis, sent together.
 *
 * <ul>
 *   <li>{@code node_metrics}: one entry per registered service; {@code status} {@code active} while connected,
 *       {@code offline} after a disconnect; {@code active_tasks}/{@code max_tasks} are its in-flight count and
 *       {@code max_concurrent}; {@code last_heartbeat} the latest event about it; {@code uptime_seconds} since its
 *       registration while connected (0 when offline); {@code success_rate} completed / (completed + failed), 1.0
 *       before any outcome.</li>
 *   <li>{@code cluster_metrics}: {@code executor_nodes} is always 0 (Gleitzeit executes nothing itself),
 *       {@code external_service_nodes} counts connected services, {@code active_workflows} running workflows;
 *       the client counts come from the caller.</li>
 *   <li>{@code queue_metrics}: ready, undispatched tasks of running workflows by priority.</li>
 *   <li>{@code aggregate_metrics}: in-flight over connected services, and that over their total capacity.</li>
 * </ul>
 */
public final class MonitoringSnapshot {
    /** {@code node_type} of every service. */
    public static final String NODE_TYPE = "external_service";

    private final ServiceRegistryView registry;
    private final LoadView load;
    private final WorkflowSummaries workflows;
    private final Clock clock;

    /** Over a connection the caller keeps and closes; {@code clock} stamps the snapshots. */
    public MonitoringSnapshot(StatefulRedisConnection<String, String> connection, KeyLayout layout, Clock clock) {
        this(RedisLink.of(connection), layout, clock);
    }

    /** Over a link (a server's or a cluster's) the caller keeps and closes; {@code clock} stamps the snapshots. */
    public MonitoringSnapshot(RedisLink connection, KeyLayout layout, Clock clock) {
        this.registry = new ServiceRegistryView(connection, layout);
        this.load = new LoadView(connection, layout);
        this.workflows = new WorkflowSummaries(connection, layout);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A snapshot now. */
    public CompletionStage<ClusterMetrics> take(ClientCounts clients) {
        Objects.requireNonNull(clients, "clients");
        CompletableFuture<List<ServiceRecord>> services = registry.services().toCompletableFuture();
        CompletableFuture<List<ServiceLoad>> serviceLoads = load.services().toCompletableFuture();
        CompletableFuture<List<EndpointLoad>> endpoints = load.endpoints().toCompletableFuture();
        CompletableFuture<WorkflowTotals> totals = workflows.totals().toCompletableFuture();
        return CompletableFuture.allOf(services, serviceLoads, endpoints, totals).thenApply(ignored ->
                compose(clock.instant(), clients, services.join(), serviceLoads.join(), endpoints.join(),
                        totals.join()));
    }

    /**
     * The icon a monitor shows: an {@code llm} service with endpoints of its own (or the {@code internal} provider)
     * is an internal LLM, any other {@code llm} service an external one; {@code function} services are functions.
     */
    static String kindOf(ServiceRecord s) {
        if ("llm".equals(s.serviceType())) {
            return !s.endpoints().isEmpty() || s.providers().contains("internal")
                    ? ClusterMetrics.NodeMetrics.INTERNAL_LLM : ClusterMetrics.NodeMetrics.EXTERNAL_LLM;
        }
        return "function".equals(s.serviceType())
                ? ClusterMetrics.NodeMetrics.FUNCTIONS : ClusterMetrics.NodeMetrics.OTHER;
    }

    static ClusterMetrics compose(Instant now, ClientCounts clients, List<ServiceRecord> services,
                                  List<ServiceLoad> loads, List<EndpointLoad> endpoints, WorkflowTotals totals) {
        Map<String, ServiceLoad> loadOf = loads.stream()
                .collect(Collectors.toMap(ServiceLoad::serviceId, Function.identity()));
        List<ClusterMetrics.NodeMetrics> nodes = new ArrayList<>();
        int connected = 0;
        int activeTasks = 0;
        int capacity = 0;
        for (ServiceRecord s : services) {
            ServiceLoad l = loadOf.getOrDefault(s.serviceId(), new ServiceLoad(s.serviceId(), 0, 0, 0, 0, null));
            boolean online = s.status() == ServiceStatus.CONNECTED;
            if (online) {
                connected++;
                activeTasks += l.inFlight();
                capacity += s.maxConcurrent();
            }
            long outcomes = l.tasksCompleted() + l.tasksFailed();
            nodes.add(new ClusterMetrics.NodeMetrics(s.serviceId(), s.name(), NODE_TYPE, online ? "active" : "offline",
                    l.inFlight(), s.maxConcurrent(), s.lastSeenAt(),
                    online ? Math.max(0, Duration.between(s.registeredAt(), now).toMillis() / 1000.0) : 0.0,
                    s.taskTypes(), l.tasksCompleted(), l.tasksFailed(),
                    outcomes == 0 ? 1.0 : (double) l.tasksCompleted() / outcomes, s.serviceType(), kindOf(s)));
        }
        Map<String, ServiceRecord> serviceOf = services.stream()
                .collect(Collectors.toMap(ServiceRecord::serviceId, Function.identity()));
        List<ClusterMetrics.EndpointMetrics> endpointMetrics = endpoints.stream()
                .filter(e -> serviceOf.containsKey(e.serviceId()))
                .map(e -> new ClusterMetrics.EndpointMetrics(e.endpointId(), e.url(), e.serviceId(), e.healthy(),
                        e.inFlight(), e.capacity(), e.loadedModels(), e.vramUsedBytes(), e.vramTotalBytes(),
                        e.ewmaLatencyMs(), e.tasksCompleted(), e.tasksFailed()))
                .toList();
        Map<Priority, Integer> queued = totals.queued();
        return new ClusterMetrics(now,
                new ClusterMetrics.Counts(clients.connectedClients(), 0, connected, totals.running(),
                        clients.monitoringClients()),
                nodes,
                new ClusterMetrics.Queues(queued.get(Priority.URGENT), queued.get(Priority.HIGH),
                        queued.get(Priority.NORMAL), queued.get(Priority.LOW), totals.totalQueued()),
                new ClusterMetrics.Aggregate(activeTasks, capacity == 0 ? 0.0 : (double) activeTasks / capacity),
                endpointMetrics,
                new ClusterMetrics.Workflows(totals.running(), totals.completed(), totals.failed(),
                        totals.cancelled()));
    }
}
