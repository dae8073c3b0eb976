package io.gleitzeit.log;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The due-time structure of timers. Timers are set and cancelled atomically with the events that imply them
 * ({@link TimerChange} in an {@link AppendRequest}); pollers move due ones to the command stream.
 */
public interface TimerStore {

    /**
     * Moves up to {@code limit} timers of {@code partition} due at or before {@code now} to the partition's command
     * stream, atomically: each timer fires exactly once however many pollers run. Completes with how many fired.
     */
    CompletionStage<Integer> fireDue(int partition, Instant now, int limit);

    /** When the partition's earliest timer is due, if it has any (for pollers that sleep until then). */
    CompletionStage<Optional<Instant>> nextDue(int partition);
}
