package io.gleitzeit.projections.internal;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.StreamEntry;
import io.gleitzeit.projections.ModelState;
import io.gleitzeit.projections.StoredModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of stream entries to a model's working copy: skips what the generation has applied already (a
 * redelivered batch changes nothing), decodes the rest and applies them ordered by entry id across streams (ids are
 * append times, so interleaving follows time the same way live and in a rebuild). An entry that cannot be decoded
 * is counted and skipped: a read model must not stop the whole view for one bad entry.
 */
final class BatchApplier {
    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);
    private static final Comparator<StreamEntry> BY_ID =
            Comparator.comparing(StreamEntry::id).thenComparing(StreamEntry::stream);

    private final KeyLayout layout;
    private final EntryDecoder decoder;
    private final AtomicLong undecodable = new AtomicLong();

    BatchApplier(KeyLayout layout, EntryDecoder decoder) {
        this.layout = layout;
        this.decoder = decoder;
    }

    /** Entries that could not be decoded, since start. */
    long undecodable() {
        return undecodable.get();
    }

    /**
     * Applies the entries newer than {@code applied} (per stream) to {@code state}. Returns the new last position
     * per stream the batch moved; empty when everything was applied before.
     */
    Map<String, StreamPosition> apply(ModelState state, StoredModel stored, List<StreamEntry> entries,
                                      Map<String, StreamPosition> applied) {
        List<StreamEntry> fresh = new ArrayList<>(entries.size());
        Map<String, StreamPosition> moved = new LinkedHashMap<>();
        for (StreamEntry entry : entries) {
            StreamPosition last = applied.getOrDefault(entry.stream(), StreamPosition.FIRST);
            if (entry.id().compareTo(last) > 0) {
                moved.merge(entry.stream(), entry.id(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                if (!entry.isDeleted()) {
                    fresh.add(entry);
                }
            }
        }
        fresh.sort(BY_ID);
        List<Object> decoded = new ArrayList<>(fresh.size());
        List<Commit> commits = new ArrayList<>();
        for (StreamEntry entry : fresh) {
            try {
                if (entry.stream().equals(layout.clusterEvents())) {
                    decoded.add(decoder.clusterEvent(entry).value());
                } else {
                    Commit commit = decoder.commit(entry);
                    decoded.add(commit);
                    commits.add(commit);
                }
            } catch (GleitzeitException | IllegalArgumentException e) {
                undecodable.incrementAndGet();
                LOG.warn("skipping entry {} of {}: {}", entry.id().redisId(), entry.stream(), e.getMessage());
            }
        }
        state.prepare(commits, stored);
        for (Object value : decoded) {
            if (value instanceof Commit commit) {
                state.apply(commit);
            } else {
                @SuppressWarnings("unchecked")
                EventEnvelope<ClusterEvent> event = (EventEnvelope<ClusterEvent>) value;
                state.apply(event);
            }
        }
        return moved;
    }
}
