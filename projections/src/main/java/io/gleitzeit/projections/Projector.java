package io.gleitzeit.projections;

import io.gleitzeit.log.redis.ConsumerGroups;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.GroupStats;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.internal.ModelRunner;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs read models: one thread, connection and consumer group ({@code proj-<model>}) per model. Any number of
 * processes may run a projector for the same models; per model, only the holder of its lease applies entries and
 * the others stand by, taking over within {@link ProjectorOptions#standbyPoll()} when the holder stops (or
 * {@link ProjectorOptions#leaseTtl()} when it dies). That keeps each model's positions in order.
 *
 * <p>Each batch's aggregated changes are stored with the position reached per stream in one script, then the batch
 * is acknowledged; a redelivered batch is recognised by the stored positions and changes nothing.
 */
public final class Projector implements AutoCloseable {
    private final RedisConnector connector;
    private final List<ModelRunner> runners = new ArrayList<>();
    private RedisLink connection;

    /** A projector (not yet started) of {@code models} over the streams of {@code layout}. */
    public Projector(RedisClient client, KeyLayout layout, EntryDecoder decoder, List<ReadModel> models,
                     ProjectorOptions options) {
        this(RedisConnector.of(Objects.requireNonNull(client, "client")), layout, decoder, models, options);
    }

    /** A projector (not yet started) on any Redis topology (a server, Sentinel, Redis Cluster). */
    public Projector(RedisConnector connector, KeyLayout layout, EntryDecoder decoder, List<ReadModel> models,
                     ProjectorOptions options) {
        this.connector = Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(options, "options");
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must not be empty");
        }
        if (models.stream().map(ReadModel::name).distinct().count() != models.size()) {
            throw new IllegalArgumentException("models must have distinct names");
        }
        models.forEach(m -> runners.add(new ModelRunner(connector, layout, decoder, m, options)));
    }

    /** Creates the models' groups where missing and starts applying (or standing by). */
    public synchronized void start() {
        if (connection != null) {
            throw new IllegalStateException("a projector starts once");
        }
        connection = connector.connect();
        runners.forEach(r -> ModelRunner.createGroups(connection, r.keys(), r.streams()));
        runners.forEach(ModelRunner::start);
    }

    /** Stops every model after its batch in hand and gives the leases up. */
    public synchronized CompletionStage<Void> stop() {
        CompletableFuture<?>[] stops = runners.stream().map(r -> r.stop().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        RedisLink own = connection;
        return CompletableFuture.allOf(stops).whenComplete((ok, error) -> {
            if (own != null) {
                own.close();
            }
        });
    }

    @Override
    public void close() {
        stop().toCompletableFuture().join();
    }

    /** What this process does for {@code model}. */
    public ProjectionRole role(String model) {
        return runner(model).role();
    }

    /** Per model: role, current generation, lag and pending entries of its group per stream. */
    public CompletionStage<List<ProjectionStatus>> status() {
        RedisLink own = connection;
        if (own == null || !own.isOpen()) {
            throw new IllegalStateException("the projector is not running");
        }
        ConsumerGroups groups = new ConsumerGroups(own);
        List<CompletableFuture<ProjectionStatus>> all = new ArrayList<>();
        for (ModelRunner r : runners) {
            List<CompletableFuture<GroupStats>> stats = r.streams().stream()
                    .map(s -> groups.stats(s, r.keys().group()).toCompletableFuture()).toList();
            CompletableFuture<String> current = own.async().get(r.keys().current()).toCompletableFuture();
            all.add(CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new)).thenCombine(current,
                    (ignored, generation) -> new ProjectionStatus(r.model().name(), r.role(),
                            generation == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(generation)),
                            stats.stream().map(CompletableFuture::join).toList(), r.undecodable())));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> all.stream().map(CompletableFuture::join).toList());
    }

    private ModelRunner runner(String model) {
        return runners.stream().filter(r -> r.model().name().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this projector runs no model '" + model + "'"));
    }
}
