package io.gleitzeit.log.redis;

import java.util.concurrent.CompletionStage;

/**
 * Processes one stream entry for a {@link StreamConsumer}. Completing normally acknowledges the entry (batched);
 * completing exceptionally (or throwing) leaves it pending, to be delivered again, and stops the entries of the same
 * workflow behind it until it succeeds or is parked. Handlers must be idempotent: delivery is at least once.
 *
 * <p>The first entry of each workflow in a batch is handed over on the consumer's poll thread, the following ones
 * on the thread that completed the previous stage: do not block; return a stage for long work.
 */
@FunctionalInterface
public interface EntryHandler {

    CompletionStage<Void> handle(StreamEntry entry);
}
