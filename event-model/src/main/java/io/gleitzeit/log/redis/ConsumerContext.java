package io.gleitzeit.log.redis;

import io.gleitzeit.log.EventAppender;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What the parts of one {@link StreamConsumer} share: options, keys, the non-blocking connection, dead letters,
 * the cluster-event appender, and a way to wait that gives up when the consumer is aborted.
 */
final class ConsumerContext {
    private static final long WAIT_SLICE_MILLIS = 100;

    final ConsumerOptions options;
    final KeyLayout keys;
    final RedisClusterAsyncCommands<String, String> redis;
    final DeadLetters deadLetters;
    final EventAppender clusterEvents;
    private final BooleanSupplier aborted;

    ConsumerContext(ConsumerOptions options, KeyLayout keys, RedisLink connection,
                    EventAppender clusterEvents, BooleanSupplier aborted) {
        this.options = options;
        this.keys = keys;
        this.redis = connection.async();
        this.deadLetters = new DeadLetters(connection, keys);
        this.clusterEvents = clusterEvents;
        this.aborted = aborted;
    }

    /** Thrown out of a wait when the consumer was aborted: the poll loop ends without acknowledging anything. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super("consumer aborted", null, false, false);
        }
    }

    /** Waits for {@code stage} on the poll thread; fails with the stage's failure, or {@link Aborted}. */
    <T> T await(CompletionStage<T> stage) {
        var future = stage.toCompletableFuture();
        while (true) {
            if (aborted.getAsBoolean()) {
                throw new Aborted();
            }
            try {
                return future.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // Look at the abort flag again.
            } catch (ExecutionException e) {
                throw RedisFailures.classify("consumer " + options.consumer() + " of group " + options.group(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Aborted();
            }
        }
    }
}
