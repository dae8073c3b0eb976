package io.gleitzeit.projections.internal;

import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.StreamEntry;
import io.gleitzeit.projections.ChangeSet;
import io.gleitzeit.projections.ModelKeys;
import io.gleitzeit.projections.ModelState;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.ReadModel;
import io.gleitzeit.projections.RebuildResult;
import io.gleitzeit.projections.StoredModel;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a read model into a fresh generation from the start of its streams, then swaps it in. The swap script
 * accepts it only when it has applied, on every stream, at least what the current generation has; otherwise it
 * reads what was appended meanwhile and tries again. A live projector that flushes after the swap is refused
 * (stale generation), loads the new generation and re-applies its batch, skipping what the rebuild applied.
 */
public final class Rebuilder {
    private static final Logger LOG = LoggerFactory.getLogger(Rebuilder.class);

    private final RedisClusterCommands<String, String> redis;
    private final KeyLayout layout;
    private final EntryDecoder decoder;
    private final ProjectorOptions options;

    public Rebuilder(RedisClusterCommands<String, String> redis, KeyLayout layout, EntryDecoder decoder,
                     ProjectorOptions options) {
        this.redis = redis;
        this.layout = layout;
        this.decoder = decoder;
        this.options = options;
    }

    public RebuildResult rebuild(ReadModel model) {
        GenerationStore store = new GenerationStore(redis, new ModelKeys(layout.prefix(), model.name()));
        List<String> streams = ModelStreams.of(model, layout);
        long generation = store.newGeneration();
        StoredModel stored = store.stored(generation);
        ModelState state = model.newState();
        state.load(stored);
        Map<String, StreamPosition> positions = new HashMap<>();
        BatchApplier applier = new BatchApplier(layout, decoder);
        long entries = 0;
        for (int round = 1; round <= options.maxSwapAttempts(); round++) {
            entries += catchUp(store, generation, streams, applier, state, stored, positions);
            OptionalLong current = store.current();
            GenerationStore.Swap swap = store.swap(current, generation);
            if (swap.swapped()) {
                OptionalLong replaced = swap.detail().isEmpty() ? OptionalLong.empty()
                        : OptionalLong.of(Long.parseLong(swap.detail()));
                replaced.ifPresent(old -> store.retire(old, model.keyNames(), options.retireAfter()));
                LOG.info("rebuilt {} as generation {} from {} entries in {} round(s)", model.name(), generation,
                        entries, round);
                return new RebuildResult(model.name(), generation, replaced, entries, round);
            }
            LOG.info("rebuild of {}: swap refused ({} {}); catching up", model.name(), swap.status(), swap.detail());
        }
        store.retire(generation, model.keyNames(), java.time.Duration.ZERO);
        throw new IllegalStateException("the rebuild of " + model.name() + " could not catch up with the live "
                + "generation in " + options.maxSwapAttempts() + " rounds; generation " + generation + " discarded");
    }

    /**
     * Reads every stream from its position to its end, a page per stream at a time, applying entries in id order
     * across streams: of each round of pages only entries up to the smallest last id of a full page are applied
     * (later ones may still have earlier entries on another stream), the rest are read again.
     */
    private long catchUp(GenerationStore store, long generation, List<String> streams, BatchApplier applier,
                         ModelState state, StoredModel stored, Map<String, StreamPosition> positions) {
        long applied = 0;
        while (true) {
            List<StreamEntry> page = new ArrayList<>();
            StreamPosition horizon = StreamPosition.LATEST;
            for (String stream : streams) {
                StreamPosition after = positions.getOrDefault(stream, StreamPosition.FIRST);
                Range<String> range = Range.create("(" + after.redisId(), "+");
                if (after.equals(StreamPosition.FIRST)) {
                    range = Range.create("-", "+");
                }
                List<StreamMessage<String, String>> messages = redis.xrange(stream, range,
                        Limit.from(options.batchSize()));
                for (StreamMessage<String, String> m : messages) {
                    page.add(new StreamEntry(stream, StreamPosition.parse(m.getId()), m.getBody()));
                }
                if (messages.size() == options.batchSize()) {
                    StreamPosition last = StreamPosition.parse(messages.get(messages.size() - 1).getId());
                    horizon = last.compareTo(horizon) < 0 ? last : horizon;
                }
            }
            if (page.isEmpty()) {
                return applied;
            }
            StreamPosition limit = horizon;
            List<StreamEntry> batch = page.stream().filter(e -> e.id().compareTo(limit) <= 0).toList();
            Map<String, StreamPosition> moved = applier.apply(state, stored, batch, positions);
            ChangeSet changes = new ChangeSet();
            state.drainChanges(changes);
            store.flush(GenerationStore.Mode.BUILD, "", generation, changes, moved);
            positions.putAll(moved);
            state.flushed();
            applied += batch.size();
        }
    }
}
