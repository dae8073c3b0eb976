package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.ConsumerOptions;
import io.gleitzeit.log.redis.GroupStats;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.log.redis.RedisTimerStore;
import io.gleitzeit.log.redis.StreamConsumer;
import io.gleitzeit.log.redis.StreamRetention;
import io.gleitzeit.orchestrator.decider.Decider;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stateless orchestrator replica: a member of the {@code decider} consumer group on every partition's command
 * stream, deciding and appending, plus a poller that fires due timers. Any number of replicas may run on the same
 * streams; a replica that dies leaves its pending commands to be claimed by the others.
 */
public final class OrchestratorReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorReplica.class);

    private final ReplicaOptions options;
    private final RedisEventLog log;
    private final RedisLink timerConnection;
    private final StreamConsumer consumer;
    private final TimerPoller timers;
    private final ExecutorService decisionPool;
    private final CommandRetention retention;
    private final ScheduledExecutorService housekeeping;
    private final RuntimeMetrics metrics = new RuntimeMetrics();

    /**
     * A replica (not yet started) on the Redis of {@code client}. The client is the caller's and stays open after
     * {@link #close()}.
     */
    public OrchestratorReplica(RedisClient client, ReplicaOptions options, RoutingSource routing) {
        this(RedisConnector.of(Objects.requireNonNull(client, "client")), options, routing);
    }

    /**
     * A replica (not yet started) on any Redis topology (a server, a Sentinel-managed primary, Redis Cluster). The
     * connector is the caller's and stays open after {@link #close()}.
     */
    public OrchestratorReplica(RedisConnector client, ReplicaOptions options, RoutingSource routing) {
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(routing, "routing");
        KeyLayout keys = new KeyLayout(options.keyPrefix(), new PartitionScheme(options.partitions()));
        EventCodec codec = EventCodec.standard();
        this.log = RedisEventLog.connect(client, keys, codec, options.inlineLimitBytes());
        this.timerConnection = client.connect();
        AtomicInteger threads = new AtomicInteger();
        this.decisionPool = Executors.newFixedThreadPool(options.decisionThreads(), r -> {
            Thread t = new Thread(r, options.replicaId() + "-decide-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CommandProcessor processor = new CommandProcessor(log, log.decoder(), log.payloads(), new Decider(), routing,
                new WorkflowStateCache(options.stateCacheSize()), options.clock(), decisionPool,
                options.replicaId(), options.maxConflictRetries(), metrics);
        List<String> streams = IntStream.range(0, options.partitions()).mapToObj(keys::commands).toList();
        ConsumerOptions consumerOptions = ConsumerOptions.newBuilder()
                .group(options.group())
                .consumer(options.replicaId())
                .streams(streams)
                .batchSize(options.batchSize())
                .claimIdle(options.claimIdle())
                .maxDeliveries(options.maxDeliveries())
                .clock(options.clock())
                .build();
        this.consumer = new StreamConsumer(client, log, consumerOptions, processor);
        this.retention = new CommandRetention(new StreamRetention(timerConnection), streams);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, options.replicaId() + "-retention");
            t.setDaemon(true);
            return t;
        });
        this.timers = new TimerPoller(new RedisTimerStore(timerConnection, keys), options.partitions(), options.clock(), options.timerInterval(),
                metrics, options.replicaId() + "-timers");
    }

    /** Joins the consumer group (draining this replica's own pending commands first) and starts the timer poller. */
    public CompletionStage<Void> start() {
        return consumer.start().thenRun(() -> {
            timers.start();
            long every = options.retentionInterval().toMillis();
            housekeeping.scheduleWithFixedDelay(this::trimCommandStreams, every, every, TimeUnit.MILLISECONDS);
            LOG.info("replica {} deciding on {} partitions", options.replicaId(), options.partitions());
        });
    }

    /** The event log this replica appends to (for submission and queries in the same process). */
    public EventLog log() {
        return log;
    }

    public ReplicaOptions options() {
        return options;
    }

    public RuntimeMetrics metrics() {
        return metrics;
    }

    /** Whether the replica's decider consumer is running (started, not stopped or aborted). */
    public boolean isRunning() {
        return consumer.isRunning();
    }

    /**
     * Trims the command streams below what the decider group has acknowledged (also run every retention interval).
     *
     * @return how many entries were removed
     */
    public long trimCommandStreams() {
        return retention.trimOnce();
    }

    /** Lag and pending figures of the decider group, per command stream. */
    public CompletionStage<List<GroupStats>> groupStats() {
        return consumer.groupStats();
    }

    /**
     * Stops as a crash would, for fault tests: reading stops at once and nothing in flight is acknowledged, so other
     * replicas claim it.
     */
    public void abort() {
        timers.close();
        consumer.abort().toCompletableFuture().join();
        shutdownResources();
    }

    /** Stops gracefully: no new commands are read, the ones in flight finish and are acknowledged. */
    @Override
    public void close() {
        timers.close();
        try {
            consumer.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("replica {} did not stop cleanly: {}", options.replicaId(), e.toString());
        }
        shutdownResources();
    }

    private void shutdownResources() {
        housekeeping.shutdownNow();
        decisionPool.shutdown();
        log.close();
        timerConnection.close();
    }
}
