package io.gleitzeit.projections.internal;

import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.ConsumerGroups;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.StreamEntry;
import io.gleitzeit.projections.ChangeSet;
import io.gleitzeit.projections.ModelKeys;
import io.gleitzeit.projections.ModelState;
import io.gleitzeit.projections.ProjectionRole;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.StoredModel;
import io.lettuce.core.Consumer;
import io.gleitzeit.log.redis.StreamFanIn;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one read model on a thread and connection of its own (plus, for the blocking read, one per hash slot of
 * its streams on Redis Cluster: {@link StreamFanIn}), while it holds the model's lease.
 *
 * <p>Each turn: take or renew the lease (standing by when another process holds it); on taking it, load the
 * current generation's positions and working copy and read the group's pending entries first (a predecessor may
 * have read them and died before acknowledging); then read a batch from every stream, apply it, store its
 * aggregated changes with the new positions in one script, and acknowledge. A redelivered batch is skipped by the
 * stored positions. Every process uses the same consumer name, so whoever holds the lease sees the entries its
 * predecessor left pending. Failures (Redis gone) drop the working copy; it is loaded again from Redis.
 */
public final class ModelRunner {
    /** The one consumer name of every projector: only the lease holder reads, and it inherits the pending list. */
    static final String CONSUMER = "projector";
    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);
    private static final int MAX_RELOADS_PER_BATCH = 5;

    private final RedisConnector connector;
    private final ReadModel model;
    private final ModelKeys keys;
    private final List<String> streams;
    private final ProjectorOptions options;
    private final BatchApplier applier;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean running;
    private boolean started;
    private volatile ProjectionRole role = ProjectionRole.STOPPED;
    private volatile long generation;

    private RedisClusterCommands<String, String> redis;
    private StreamFanIn reads;
    private Lease lease;
    private GenerationStore store;
    private ModelState state;
    private StoredModel stored;
    private Map<String, StreamPosition> positions;
    private boolean pendingFirst;
    private long nextRenewal;

    public ModelRunner(RedisConnector connector, KeyLayout layout, EntryDecoder decoder, ReadModel model,
                       ProjectorOptions options) {
        this.connector = connector;
        this.model = model;
        this.keys = new ModelKeys(layout.prefix(), model.name());
        this.streams = ModelStreams.of(model, layout);
        this.options = options;
        this.applier = new BatchApplier(layout, decoder);
    }

    public ReadModel model() {
        return model;
    }

    public ModelKeys keys() {
        return keys;
    }

    public List<String> streams() {
        return streams;
    }

    public ProjectionRole role() {
        return role;
    }

    public long undecodable() {
        return applier.undecodable();
    }

    /** Creates the model's group on each of its streams (from the first entry) where missing. */
    public static void createGroups(RedisLink connection, ModelKeys keys,
                                    List<String> streams) {
        ConsumerGroups groups = new ConsumerGroups(connection);
        for (String stream : streams) {
            groups.create(stream, keys.group(), StreamPosition.FIRST).toCompletableFuture().join();
        }
    }

    /** Starts the runner's thread. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("a runner starts once");
        }
        started = true;
        running = true;
        role = ProjectionRole.STANDBY;
        Thread thread = new Thread(this::run, "gleitzeit-projection-" + model.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the batch in hand, gives the lease up, closes the connection. */
    public synchronized CompletionStage<Void> stop() {
        running = false;
        if (!started) {
            stopped.complete(null);
        }
        return stopped;
    }

    private void run() {
        try (RedisLink connection = connector.connect(); StreamFanIn fanIn = new StreamFanIn(connector, streams)) {
            redis = connection.sync();
            reads = fanIn;
            store = new GenerationStore(redis, keys);
            lease = new Lease(redis, keys.lease(), options.owner() + ":" + model.name(), options.leaseTtl());
            loop(connection);
            try {
                lease.release();
            } catch (RuntimeException e) {
                LOG.warn("could not release the lease of {}: {}", model.name(), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("projection {} stopped by a failure", model.name(), e);
        } finally {
            role = ProjectionRole.STOPPED;
            stopped.complete(null);
        }
    }

    private void loop(RedisLink connection) {
        while (running) {
            try {
                if (!holdLease()) {
                    sleep(options.standbyPoll().toMillis());
                    continue;
                }
                if (state == null) {
                    activate(connection);
                }
                long turnStarted = System.nanoTime();
                List<StreamEntry> batch = read();
                if (!batch.isEmpty()) {
                    process(batch);
                    if (batch.size() < options.batchSize()) {
                        // Not backed up: let entries gather so that the next flush carries more of them.
                        long waited = (System.nanoTime() - turnStarted) / 1_000_000;
                        sleep(options.flushInterval().toMillis() - waited);
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warn("projection {}: {}; loading it again", model.name(), e.getMessage(), e);
                state = null;
                sleep(options.retryDelay().toMillis());
            }
        }
    }

    /** Takes the lease or keeps it; false while another process holds it. */
    private boolean holdLease() {
        long now = System.nanoTime();
        if (lease.held()) {
            if (now - nextRenewal < 0) {
                return true;
            }
            if (lease.renew()) {
                nextRenewal = now + options.leaseTtl().toNanos() / 3;
                return true;
            }
            LOG.warn("projection {} lost its lease; standing by", model.name());
        } else if (lease.tryAcquire()) {
            nextRenewal = now + options.leaseTtl().toNanos() / 3;
            LOG.info("projection {} applies the model now ({})", model.name(), lease.token());
            state = null;
            return true;
        }
        role = ProjectionRole.STANDBY;
        state = null;
        return false;
    }

    private void activate(RedisLink connection) {
        createGroups(connection, keys, streams);
        generation = store.currentOrCreate();
        positions = store.positions(generation);
        stored = store.stored(generation);
        ModelState fresh = model.newState();
        fresh.load(stored);
        state = fresh;
        pendingFirst = true;
        role = ProjectionRole.ACTIVE;
    }

    private List<StreamEntry> read() {
        Consumer<String> me = Consumer.from(keys.group(), CONSUMER);
        if (pendingFirst) {
            XReadArgs args = XReadArgs.Builder.count(options.batchSize());
            List<StreamEntry> pending = toEntries(reads.readAll((r, group) -> r.xreadgroup(me, args,
                    offsets(group, "0"))).join());
            if (!pending.isEmpty()) {
                return pending;
            }
            pendingFirst = false;
        }
        XReadArgs args = XReadArgs.Builder.count(options.batchSize()).block(options.block());
        return toEntries(reads.readAny((r, group) -> r.xreadgroup(me, args, offsets(group, ">"))).join());
    }

    @SuppressWarnings("unchecked")
    private static XReadArgs.StreamOffset<String>[] offsets(List<String> streams, String id) {
        return streams.stream().map(s -> XReadArgs.StreamOffset.from(s, id)).toArray(XReadArgs.StreamOffset[]::new);
    }

    private static List<StreamEntry> toEntries(List<StreamMessage<String, String>> messages) {
        List<StreamEntry> entries = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> m : messages) {
            entries.add(new StreamEntry(m.getStream(), StreamPosition.parse(m.getId()), m.getBody()));
        }
        return entries;
    }

    private void process(List<StreamEntry> batch) {
        for (int reloads = 0; reloads < MAX_RELOADS_PER_BATCH; reloads++) {
            Map<String, StreamPosition> moved = applier.apply(state, stored, batch, positions);
            ChangeSet changes = new ChangeSet();
            state.drainChanges(changes);
            GenerationStore.Outcome outcome = moved.isEmpty() && changes.isEmpty() ? GenerationStore.Outcome.STORED
                    : store.flush(GenerationStore.Mode.LIVE, lease.token(), generation, changes, moved);
            if (outcome == GenerationStore.Outcome.STORED) {
                positions.putAll(moved);
                state.flushed();
                acknowledge(batch);
                return;
            }
            if (outcome == GenerationStore.Outcome.LEASE_LOST) {
                LOG.warn("projection {} lost its lease before storing a batch; standing by", model.name());
                lease.lost();
                role = ProjectionRole.STANDBY;
                state = null;
                return;
            }
            // A rebuild swapped a new generation in: apply the batch to that one (what it holds already is skipped).
            LOG.info("projection {}: generation {} was replaced; loading the current one", model.name(), generation);
            generation = store.currentOrCreate();
            positions = store.positions(generation);
            stored = store.stored(generation);
            state = model.newState();
            state.load(stored);
        }
        throw new IllegalStateException("the generation of " + model.name() + " kept changing under a batch");
    }

    private void acknowledge(List<StreamEntry> batch) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        batch.forEach(e -> ids.computeIfAbsent(e.stream(), s -> new ArrayList<>()).add(e.id().redisId()));
        ids.forEach((stream, list) -> redis.xack(stream, keys.group(), list.toArray(String[]::new)));
    }

    private void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
