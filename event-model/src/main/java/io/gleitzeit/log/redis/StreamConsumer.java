package io.gleitzeit.log.redis;

import io.gleitzeit.log.EventAppender;
import io.lettuce.core.Consumer;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a Redis consumer group over one or more streams, with its own poll thread and connections of its
 * own: one for commands, and for the blocking XREADGROUP one per hash slot read ({@link StreamFanIn}: one on a
 * single server, one per partition on Redis Cluster).
 *
 * <ul>
 *   <li>Start: the group is created where missing (a second start finds it: BUSYGROUP is fine), then the
 *       consumer's own pending entries are delivered again before any new one.</li>
 *   <li>Order: entries naming the same workflow (field {@code wf}) are handled one after the other in stream order;
 *       different workflows concurrently. Successes are acknowledged with one XACK per stream and batch.</li>
 *   <li>Failure: the entry stays pending and its workflow's later entries wait behind it; after
 *       {@link ConsumerOptions#retryDelay()} the consumer delivers its pending entries again, in order. An entry
 *       delivered {@link ConsumerOptions#maxDeliveries()} times is parked ({@link DeadLetters}), an
 *       {@link io.gleitzeit.event.EventParked} cluster event is appended, and the workflow's later entries are
 *       held until {@link #redrive}.</li>
 *   <li>Dead consumers: every {@link ConsumerOptions#claimInterval()} entries pending longer than
 *       {@link ConsumerOptions#claimIdle()} are claimed (XAUTOCLAIM) and delivered here.</li>
 *   <li>Stop: {@link #stop()} stops reading, lets the batch in hand finish and be acknowledged, then closes.</li>
 * </ul>
 *
 * Order holds per workflow within one consumer. Redis spreads a group's entries over its consumers, so two
 * consumers may hold entries of one workflow at the same time; handlers of the decider stay correct through the
 * log's expected-version check. The parked check costs no command while the scope has nothing parked (a cached
 * HLEN, refreshed every claim interval) and one HMGET per stream and batch otherwise.
 */
public final class StreamConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);

    private enum State { NEW, RUNNING, STOPPING, ABORTED, STOPPED }

    private final RedisConnector connector;
    private final KeyLayout keys;
    private final EventAppender clusterEvents;
    private final ConsumerOptions options;
    private final EntryHandler handler;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile StreamFanIn reader;
    private volatile RedisLink commands;
    private volatile ConsumerContext context;
    private volatile BatchProcessor batches;

    /**
     * A consumer (not yet started) of streams of {@code log}'s layout; parked entries are announced through
     * {@code log}.
     */
    public StreamConsumer(RedisClient client, RedisEventLog log, ConsumerOptions options, EntryHandler handler) {
        this(RedisConnector.of(client), log.keys(), log, options, handler);
    }

    /**
     * A consumer (not yet started) of streams of {@code log}'s layout on any Redis topology; parked entries are
     * announced through {@code log}.
     */
    public StreamConsumer(RedisConnector connector, RedisEventLog log, ConsumerOptions options,
                          EntryHandler handler) {
        this(connector, log.keys(), log, options, handler);
    }

    /** A consumer (not yet started) of streams of {@code keys}; parked entries are announced to {@code clusterEvents}. */
    public StreamConsumer(RedisClient client, KeyLayout keys, EventAppender clusterEvents, ConsumerOptions options,
                          EntryHandler handler) {
        this(RedisConnector.of(Objects.requireNonNull(client, "client")), keys, clusterEvents, options, handler);
    }

    /**
     * A consumer (not yet started) of streams of {@code keys} on any Redis topology; parked entries are announced
     * to {@code clusterEvents}.
     */
    public StreamConsumer(RedisConnector connector, KeyLayout keys, EventAppender clusterEvents,
                          ConsumerOptions options, EntryHandler handler) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clusterEvents = Objects.requireNonNull(clusterEvents, "clusterEvents");
        this.options = Objects.requireNonNull(options, "options");
        this.handler = Objects.requireNonNull(handler, "handler");
        options.streams().forEach(keys::scopeOf);
    }

    public ConsumerOptions options() {
        return options;
    }

    /** Whether the consumer was started and has not been stopped or aborted. */
    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /**
     * Opens the connections, creates the group where missing and starts the poll thread. Completes when the group
     * exists on every stream; fails (and the consumer is stopped) when it cannot be created.
     */
    public CompletionStage<Void> start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("a consumer starts once; this one is " + state.get());
        }
        reader = new StreamFanIn(connector, options.streams());
        commands = connector.connect();
        context = new ConsumerContext(options, keys, commands, clusterEvents, () -> state.get() == State.ABORTED);
        batches = new BatchProcessor(context, handler);
        Thread thread = new Thread(this::run, "gleitzeit-consumer-" + options.group() + "-" + options.consumer());
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    /** Stops reading, finishes and acknowledges the batch in hand, closes the connections. */
    public CompletionStage<Void> stop() {
        if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
            state.compareAndSet(State.NEW, State.STOPPED);
        }
        if (state.get() == State.STOPPED) {
            stopped.complete(null);
        }
        return stopped;
    }

    /**
     * Ends the consumer at once as a crash would: nothing more is acknowledged, in-flight handlers are abandoned,
     * and the entries it holds stay pending for another consumer to claim (or for itself after a restart).
     */
    public CompletionStage<Void> abort() {
        State before = state.getAndSet(State.ABORTED);
        if (before == State.NEW || before == State.STOPPED) {
            stopped.complete(null);
        } else {
            // Without waiting: the poll thread may be inside a read on these connections.
            if (reader != null) {
                reader.close();
            }
            if (commands != null) {
                commands.closeAsync();
            }
        }
        return stopped;
    }

    /** Stops gracefully and waits for it. */
    @Override
    public void close() {
        stop().toCompletableFuture().join();
    }

    /** Per stream: length, lag, pending entries, and how long the oldest pending one has waited. */
    public CompletionStage<List<GroupStats>> groupStats() {
        ConsumerGroups groups = new ConsumerGroups(requireConnection());
        List<CompletableFuture<GroupStats>> stats = new ArrayList<>();
        options.streams().forEach(s -> stats.add(groups.stats(s, options.group()).toCompletableFuture()));
        return CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> stats.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Re-drives the parked entry of {@code workflowId} and the entries held behind it on this consumer's streams
     * of {@code partition}. Completes with how many entries went back.
     */
    public CompletionStage<Integer> redrive(int partition, String workflowId) {
        DeadLetters deadLetters = new DeadLetters(requireConnection(), keys);
        List<CompletableFuture<Integer>> counts = new ArrayList<>();
        for (String stream : options.streams()) {
            if (keys.isOfPartition(stream, partition)) {
                counts.add(deadLetters.redrive(stream, options.group(), workflowId).toCompletableFuture());
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("this consumer reads no stream of partition " + partition);
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> counts.stream().mapToInt(CompletableFuture::join).sum());
    }

    private RedisLink requireConnection() {
        RedisLink connection = commands;
        if (connection == null || !connection.isOpen()) {
            throw new IllegalStateException("the consumer is not running");
        }
        return connection;
    }

    // ---- the poll thread ----------------------------------------------------------------------------------------

    private void run() {
        PendingRecovery recovery = new PendingRecovery(context, batches);
        try {
            createGroups();
            batches.refreshParkedCounts();
            started.complete(null);
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            finish();
            return;
        }
        options.streams().forEach(batches::markOwnPending);
        long nextClaim = System.nanoTime();
        long nextRetry = System.nanoTime();
        while (state.get() == State.RUNNING) {
            try {
                long now = System.nanoTime();
                if (now - nextClaim >= 0) {
                    options.streams().forEach(recovery::claimStale);
                    batches.refreshParkedCounts();
                    nextClaim = now + options.claimInterval().toNanos();
                }
                if (!batches.streamsWithOwnPending().isEmpty() && now - nextRetry >= 0) {
                    for (String stream : List.copyOf(batches.streamsWithOwnPending())) {
                        recovery.drainOwnPending(stream);
                    }
                    nextRetry = System.nanoTime() + options.retryDelay().toNanos();
                }
                List<StreamEntry> batch = readNew();
                if (!batch.isEmpty()) {
                    batches.process(batch);
                }
            } catch (ConsumerContext.Aborted e) {
                break;
            } catch (RuntimeException e) {
                if (state.get() != State.RUNNING) {
                    break;
                }
                recover(e);
            }
        }
        finish();
    }

    private void createGroups() {
        ConsumerGroups groups = new ConsumerGroups(commands);
        for (String stream : options.streams()) {
            if (context.await(groups.create(stream, options.group(), options.startPosition()))) {
                LOG.info("created group {} on {} from {}", options.group(), stream, options.startPosition());
            }
        }
    }

    private List<StreamEntry> readNew() {
        Consumer<String> me = Consumer.from(options.group(), options.consumer());
        XReadArgs args = XReadArgs.Builder.count(options.batchSize()).block(options.block());
        List<StreamMessage<String, String>> messages = context.await(reader.readAny((redis, streams) -> {
            @SuppressWarnings("unchecked")
            XReadArgs.StreamOffset<String>[] offsets = streams.stream()
                    .map(XReadArgs.StreamOffset::lastConsumed).toArray(XReadArgs.StreamOffset[]::new);
            return redis.xreadgroup(me, args, offsets);
        }));
        List<StreamEntry> entries = new ArrayList<>(messages.size());
        messages.forEach(m -> entries.add(StreamEntry.of(m.getStream(), m)));
        return entries;
    }

    private void recover(RuntimeException failure) {
        // Entries read before the failure may be pending without a failed lane to show for it.
        options.streams().forEach(batches::markOwnPending);
        if (RedisFailures.isNoGroup(failure)) {
            // The server lost the group (a restart without persistence, a failover): create it again.
            LOG.warn("group {} is gone from a stream; creating it again", options.group());
            try {
                createGroups();
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        LOG.warn("{}; retrying", failure.getMessage(), failure);
        try {
            Thread.sleep(Math.max(50, Math.min(1000, options.retryDelay().toMillis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.set(State.ABORTED);
        }
    }

    private void finish() {
        if (state.get() != State.ABORTED) {
            state.set(State.STOPPED);
            reader.close();
            commands.close();
        }
        stopped.complete(null);
    }
}
