package io.gleitzeit.orchestrator.hub.monitor;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventReader;
import io.gleitzeit.log.Positioned;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.protocol.MonitorEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what is recorded from now on, workflow events (every partition, one blocking read) and cluster events
 * (read after each wait), describes each for monitors and hands it to a listener, keeping the latest ones for monitors
 * that subscribe later. Every replica runs its own: no consumer group, nothing acknowledged, nothing written.
 */
final class ActivityFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityFeed.class);
    private static final int BATCH = 256;

    private final PartitionTail tail;
    private final EventReader reader;
    private final ActivityDescriber describer;
    private final Duration block;
    private final int keep;
    private final Consumer<MonitorEvent> listener;
    private final List<Consumer<EventEnvelope<? extends Event>>> recorded = new CopyOnWriteArrayList<>();
    private final Deque<MonitorEvent> recent = new ArrayDeque<>();
    private final Thread thread;
    private StreamPosition clusterPosition;
    private volatile boolean running = true;

    ActivityFeed(PartitionTail tail, EventReader reader, ActivityDescriber describer, MonitorOptions options,
                 Consumer<MonitorEvent> listener) {
        this.tail = Objects.requireNonNull(tail, "tail");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.describer = Objects.requireNonNull(describer, "describer");
        this.block = options.tailBlock();
        this.keep = options.recentEvents();
        this.listener = Objects.requireNonNull(listener, "listener");
        // Stream ids are append times: everything the cluster stream receives from now on is after this position.
        this.clusterPosition = new StreamPosition(Clock.systemUTC().millis(), 0);
        this.thread = new Thread(this::run, "gleitzeit-monitor-feed");
        this.thread.setDaemon(true);
    }

    /** Also hands every event read (described or not) to {@code listener}, on the feed's thread. */
    void onRecorded(Consumer<EventEnvelope<? extends Event>> listener) {
        recorded.add(Objects.requireNonNull(listener, "listener"));
    }

    void start() {
        thread.start();
    }

    /** The latest events, oldest first. */
    synchronized List<MonitorEvent> recent() {
        return List.copyOf(recent);
    }

    private void run() {
        while (running) {
            try {
                for (Commit commit : tail.next(block, BATCH)) {
                    for (EventEnvelope<WorkflowEvent> envelope : commit.events()) {
                        handle(envelope);
                    }
                }
                List<Positioned<EventEnvelope<ClusterEvent>>> cluster =
                        reader.readClusterEvents(clusterPosition, BATCH).toCompletableFuture().get(10, TimeUnit.SECONDS);
                for (Positioned<EventEnvelope<ClusterEvent>> entry : cluster) {
                    clusterPosition = entry.position();
                    handle(entry.value());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                // Redis unreachable or an entry that cannot be read: monitors miss lines, nothing else depends on it.
                LOG.warn("monitor feed: {}", e.toString());
                pause();
            }
        }
    }

    private void handle(EventEnvelope<? extends Event> envelope) {
        for (Consumer<EventEnvelope<? extends Event>> listener : recorded) {
            try {
                listener.accept(envelope);
            } catch (RuntimeException e) {
                LOG.warn("a listener of recorded events failed", e);
            }
        }
        describer.describe(envelope).ifPresent(this::publish);
    }

    private void publish(MonitorEvent event) {
        synchronized (this) {
            recent.addLast(event);
            while (recent.size() > keep) {
                recent.removeFirst();
            }
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("monitor feed listener failed", e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(block.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(block.toMillis() * 4 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tail.close();
    }
}
