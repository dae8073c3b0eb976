package io.gleitzeit.log.redis;

import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads several streams as one, for XREAD and XREADGROUP over streams of different partitions. On a single server
 * that is one command over all of them; on Redis Cluster one command may not span hash slots, so the streams are read
 * per slot, each slot's streams on a connection of their own (a blocking read holds its connection), concurrently.
 *
 * <p>A blocking read ({@link #readAny}) completes as soon as any slot's read answers, with everything that has
 * arrived; the reads still waiting stay outstanding and their messages come with a later call. Not thread-safe: one
 * reader thread, which waits for a read's stage before starting the next.
 */
public final class StreamFanIn implements AutoCloseable {
    /** One read command over some streams of one slot. */
    @FunctionalInterface
    public interface Read {
        CompletionStage<List<StreamMessage<String, String>>> on(RedisClusterAsyncCommands<String, String> redis,
                                                               List<String> streams);
    }

    private final List<Slot> slots = new ArrayList<>();

    /** A fan-in over {@code streams}; connections are opened on first use. */
    public StreamFanIn(RedisConnector connector, List<String> streams) {
        Objects.requireNonNull(connector, "connector");
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("streams must not be empty");
        }
        connector.slotGroups(streams).forEach(group -> slots.add(new Slot(connector, group)));
    }

    /** How many concurrent reads (and connections) one round takes: 1 on a single server. */
    public int width() {
        return slots.size();
    }

    /**
     * Starts {@code read} for every slot that has no read outstanding and completes when at least one answered,
     * with the messages of every read that has answered by then (possibly none: a blocking read that timed out).
     * Fails with the first failure among them.
     */
    public CompletableFuture<List<StreamMessage<String, String>>> readAny(Read read) {
        CompletableFuture<?>[] pending = start(read);
        return CompletableFuture.anyOf(pending).handle((ignored, error) -> collect());
    }

    /** Starts {@code read} for every slot without one outstanding and completes when all answered. */
    public CompletableFuture<List<StreamMessage<String, String>>> readAll(Read read) {
        CompletableFuture<?>[] pending = start(read);
        return CompletableFuture.allOf(pending).handle((ignored, error) -> collect());
    }

    private CompletableFuture<?>[] start(Read read) {
        Objects.requireNonNull(read, "read");
        CompletableFuture<?>[] pending = new CompletableFuture<?>[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            pending[i] = slots.get(i).start(read);
        }
        return pending;
    }

    private List<StreamMessage<String, String>> collect() {
        List<StreamMessage<String, String>> messages = new ArrayList<>();
        RuntimeException failure = null;
        for (Slot slot : slots) {
            CompletableFuture<List<StreamMessage<String, String>>> done = slot.takeIfDone();
            if (done == null) {
                continue;
            }
            try {
                messages.addAll(done.join());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            // Messages of the other slots were delivered; a failed round is retried and XREADGROUP keeps them
            // pending for this consumer, XREAD reads them again from the unchanged positions.
            throw failure;
        }
        return messages;
    }

    /** Closes the connections without waiting (safe from any thread); outstanding reads fail. */
    @Override
    public void close() {
        slots.forEach(Slot::close);
    }

    /** The streams of one hash slot and the connection that reads them. */
    private static final class Slot {
        private final RedisConnector connector;
        private final List<String> streams;
        private RedisLink link;
        private CompletableFuture<List<StreamMessage<String, String>>> outstanding;

        Slot(RedisConnector connector, List<String> streams) {
            this.connector = connector;
            this.streams = streams;
        }

        synchronized CompletableFuture<List<StreamMessage<String, String>>> start(Read read) {
            if (outstanding == null) {
                if (link == null) {
                    link = connector.connect();
                }
                try {
                    outstanding = read.on(link.async(), streams).toCompletableFuture();
                } catch (RuntimeException e) {
                    outstanding = CompletableFuture.failedFuture(e);
                }
            }
            return outstanding;
        }

        synchronized CompletableFuture<List<StreamMessage<String, String>>> takeIfDone() {
            CompletableFuture<List<StreamMessage<String, String>>> done = outstanding;
            if (done == null || !done.isDone()) {
                return null;
            }
            outstanding = null;
            return done;
        }

        synchronized void close() {
            if (link != null) {
                link.closeAsync();
                link = null;
            }
        }
    }
}
