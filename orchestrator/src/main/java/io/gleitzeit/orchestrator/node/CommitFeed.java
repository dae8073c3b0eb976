package io.gleitzeit.orchestrator.node;

import io.gleitzeit.log.Commit;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.redis.connect.RedisConnector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition's event stream from the moment the node starts (one blocking XREAD on a connection of its
 * own, {@link PartitionTail}) and hands each commit to the registered {@link CommitListener}s on its one thread.
 * No consumer group: every node sees every commit; each listener takes what concerns its node.
 */
public final class CommitFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitFeed.class);
    private static final Duration BLOCK = Duration.ofMillis(250);
    private static final int BATCH = 512;

    private final RedisConnector client;
    private final KeyLayout keys;
    private final EntryDecoder decoder;
    private final String name;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread thread;

    CommitFeed(RedisConnector client, KeyLayout keys, EntryDecoder decoder, String name) {
        this.client = Objects.requireNonNull(client, "client");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Adds a listener; those added after {@link #start()} see commits from then on. */
    public void register(CommitListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Takes the streams' current ends as the start (synchronously) and begins reading in the background. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the commit feed starts once");
        }
        PartitionTail tail = new PartitionTail(client, keys, decoder, StreamPosition.LATEST);
        running = true;
        thread = new Thread(() -> run(tail), name + "-commits");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(PartitionTail tail) {
        try (tail) {
            while (running) {
                List<Commit> commits;
                try {
                    commits = tail.next(BLOCK, BATCH);
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("reading the partition event streams failed; retrying in 1 s: {}", e.toString());
                    sleepQuietly();
                    continue;
                }
                for (Commit commit : commits) {
                    for (CommitListener listener : listeners) {
                        try {
                            listener.onCommit(commit);
                        } catch (RuntimeException e) {
                            LOG.error("a commit listener failed on workflow {} at {}", commit.workflowId(),
                                    commit.position(), e);
                        }
                    }
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(BLOCK.toMillis() * 4 + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
