package io.gleitzeit.orchestrator.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gleitzeit.log.redis.DeadLetters;
import io.gleitzeit.log.redis.GroupStats;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.orchestrator.hub.monitor.MonitorHub;
import io.gleitzeit.orchestrator.runtime.OrchestratorReplica;
import io.gleitzeit.projections.ProjectionRole;
import io.gleitzeit.projections.ProjectionStatus;
import io.gleitzeit.projections.Projector;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's metrics in a Dropwizard registry, exposed as Prometheus text ({@link #writePrometheus}), and its
 * health ({@link #health()}).
 *
 * <ul>
 *   <li>from the replica: {@code decisions}, {@code events_appended}, {@code ignored_commands},
 *       {@code version_conflicts}, {@code timers_fired} (counters of this replica's work);</li>
 *   <li>from the events this replica reads (see {@link MonitorHub#onRecorded}): {@code dispatch_latency} (ready →
 *       dispatched), {@code task_duration{task_type, provider}}, {@code tasks_finished{task_type, provider,
 *       outcome}}; these are cluster-wide, so every replica shows the same figures;</li>
 *   <li>read from Redis every refresh interval: {@code consumer_lag{group}} and {@code consumer_pending{group}} of
 *       the decider group and of each projection's group, {@code dead_letters}, {@code connected_services};</li>
 *   <li>from the hub: {@code monitoring_clients}.</li>
 * </ul>
 *
 * <pre>{@code
 * OrchestratorMetrics metrics = OrchestratorMetrics.create(redisClient, keyLayout, MetricsOptions.newBuilder().build())
 *         .replica(replica).projector(projector).monitor(monitorHub);   // monitor: before monitorHub.start()
 * metrics.start();
 * }</pre>
 */
public final class OrchestratorMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorMetrics.class);
    static final String CONSUMER_LAG = "consumer_lag";
    static final String CONSUMER_PENDING = "consumer_pending";

    private final MetricsOptions options;
    private final MetricRegistry registry = new MetricRegistry();
    private final RedisLink connection;
    private final DeadLetters deadLetters;
    private final ServiceRegistryView services;
    private final AtomicLong deadLetterCount = new AtomicLong();
    private final AtomicLong connectedServices = new AtomicLong();
    private final Map<String, AtomicLong> groupFigures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;
    private final PrometheusText prometheus;
    private volatile OrchestratorReplica replica;
    private volatile Projector projector;

    private OrchestratorMetrics(RedisConnector client, KeyLayout keys, MetricsOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.connection = client.connect();
        this.deadLetters = new DeadLetters(connection, keys);
        this.services = new ServiceRegistryView(connection, keys);
        registry.register(name("dead_letters"), (Gauge<Long>) deadLetterCount::get);
        registry.register(name("connected_services"), (Gauge<Long>) connectedServices::get);
        this.prometheus = new PrometheusText(registry, options.prefix());
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gleitzeit-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Metrics over the Redis of {@code client} (the caller's; it stays open after {@link #close()}) and the streams
     * of {@code keys}. Add the parts this process runs, then {@link #start()}.
     */
    public static OrchestratorMetrics create(RedisClient client, KeyLayout keys, MetricsOptions options) {
        return create(RedisConnector.of(Objects.requireNonNull(client, "client")), keys, options);
    }

    /** As {@link #create(RedisClient, KeyLayout, MetricsOptions)}, on any Redis topology. */
    public static OrchestratorMetrics create(RedisConnector client, KeyLayout keys, MetricsOptions options) {
        return new OrchestratorMetrics(Objects.requireNonNull(client, "client"), Objects.requireNonNull(keys, "keys"),
                options);
    }

    /** Exports the replica's counters and its decider group's lag, and checks that it runs. */
    public OrchestratorMetrics replica(OrchestratorReplica replica) {
        this.replica = Objects.requireNonNull(replica, "replica");
        registry.register(options.prefix(), replica.metrics().registry());
        return this;
    }

    /** Exports the projections' group lag and checks that the projector runs. */
    public OrchestratorMetrics projector(Projector projector) {
        this.projector = Objects.requireNonNull(projector, "projector");
        return this;
    }

    /** Times tasks from the events the monitor hub reads (register before it starts) and counts its monitors. */
    public OrchestratorMetrics monitor(MonitorHub monitor) {
        Objects.requireNonNull(monitor, "monitor");
        monitor.onRecorded(new TaskTimings(registry, options.prefix()));
        registry.register(name("monitoring_clients"), (Gauge<Integer>) monitor::monitoringClients);
        return this;
    }

    /** The registry, for more metrics of this process. */
    public MetricRegistry registry() {
        return registry;
    }

    /** Starts refreshing the figures read from Redis (once at once, then every refresh interval). */
    public OrchestratorMetrics start() {
        long every = options.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the figures that come from Redis now (also run every refresh interval). */
    public void refresh() {
        try {
            long timeout = options.refreshInterval().toMillis();
            deadLetterCount.set(deadLetters.count().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS));
            connectedServices.set(services.connected().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS)
                    .size());
            List<GroupStats> groups = new ArrayList<>();
            OrchestratorReplica r = replica;
            if (r != null && r.isRunning()) {
                groups.addAll(r.groupStats().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS));
            }
            Projector p = projector;
            if (p != null) {
                for (ProjectionStatus status : p.status().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS)) {
                    groups.addAll(status.streams());
                }
            }
            Map<String, long[]> byGroup = new LinkedHashMap<>();
            for (GroupStats g : groups) {
                long[] figures = byGroup.computeIfAbsent(g.group(), k -> new long[2]);
                figures[0] += g.lag().orElse(0);
                figures[1] += g.pending();
            }
            byGroup.forEach((group, figures) -> {
                groupFigure(CONSUMER_LAG, group).set(figures[0]);
                groupFigure(CONSUMER_PENDING, group).set(figures[1]);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Kept: the previous figures stay exported; /health says whether Redis is reachable.
            LOG.warn("metrics refresh failed: {}", e.toString());
        }
    }

    private AtomicLong groupFigure(String metric, String group) {
        String name = MetricRegistry.name(options.prefix(), metric, PrometheusText.segment(group));
        return groupFigures.computeIfAbsent(name, n -> {
            AtomicLong value = new AtomicLong();
            registry.register(n, (Gauge<Long>) value::get);
            return value;
        });
    }

    /** Checks now: Redis answers a PING, the replica's decider consumer runs, the projector runs every model. */
    public Health health() {
        Map<String, Health.Check> checks = new LinkedHashMap<>();
        try {
            String pong = connection.async().ping().toCompletableFuture()
                    .get(options.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
            checks.put("redis", new Health.Check("PONG".equals(pong), "PING answered " + pong));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.put("redis", new Health.Check(false, "interrupted while waiting for PING"));
        } catch (Exception e) {
            checks.put("redis", new Health.Check(false, "Redis unreachable: " + rootMessage(e)));
        }
        OrchestratorReplica r = replica;
        if (r != null) {
            checks.put("decider", r.isRunning()
                    ? new Health.Check(true, "replica " + r.options().replicaId() + " consuming commands")
                    : new Health.Check(false, "replica " + r.options().replicaId() + " is not consuming commands"));
        }
        Projector p = projector;
        if (p != null) {
            checks.put("projections", projectionCheck(p));
        }
        List<String> reasons = new ArrayList<>();
        checks.forEach((name, check) -> {
            if (!check.healthy()) {
                reasons.add(name + ": " + check.detail());
            }
        });
        return new Health(reasons.isEmpty() ? Health.UP : Health.DOWN, checks, reasons);
    }

    private Health.Check projectionCheck(Projector p) {
        try {
            List<ProjectionStatus> statuses = p.status().toCompletableFuture()
                    .get(options.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
            List<String> stopped = statuses.stream().filter(s -> s.role() == ProjectionRole.STOPPED)
                    .map(ProjectionStatus::model).toList();
            return stopped.isEmpty()
                    ? new Health.Check(true, statuses.size() + " models running (active or standby)")
                    : new Health.Check(false, "models stopped: " + String.join(", ", stopped));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health.Check(false, "interrupted while reading the projector's status");
        } catch (Exception e) {
            return new Health.Check(false, "projector not running: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    public void writePrometheus(OutputStream out) throws IOException {
        prometheus.write(out);
    }

    /** The content type of {@link #writePrometheus}. */
    public String prometheusContentType() {
        return PrometheusText.CONTENT_TYPE;
    }

    private String name(String metric) {
        return MetricRegistry.name(options.prefix(), metric);
    }

    /** Stops refreshing and closes the connection it opened. */
    @Override
    public void close() {
        refresher.shutdownNow();
        connection.close();
    }
}
