package io.gleitzeit.projections;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.log.Commit;
import java.util.List;

/**
 * The in-memory working copy of a read model while one process applies it. The runner calls, per batch:
 * {@link #prepare} (load what the batch touches), {@link #apply(Commit)} / {@link #apply(EventEnvelope)} in entry
 * order, then {@link #drainChanges} (the aggregated writes, flushed with the stream positions in one script), and
 * {@link #flushed()} once they are stored. Applying must never throw on odd but decodable input: a read model
 * counts anomalies instead of stopping.
 */
public interface ModelState {

    /** Loads the part of the model that is always kept in memory. Called once, before the first batch. */
    void load(StoredModel stored);

    /** Loads what the batch's commits need and is not in memory yet. */
    default void prepare(List<Commit> commits, StoredModel stored) {
    }

    /** Applies one commit of a partition's event stream. */
    default void apply(Commit commit) {
    }

    /** Applies one cluster event. */
    default void apply(EventEnvelope<ClusterEvent> event) {
    }

    /** Adds the writes of everything applied since the last call to {@code changes} and forgets them. */
    void drainChanges(ChangeSet changes);

    /** The drained changes are stored; memory not needed any more may be released. */
    default void flushed() {
    }
}
