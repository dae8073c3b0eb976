package io.gleitzeit.orchestrator.hub.rooms;

import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventReader;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.redis.connect.RedisConnector;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays every workflow's events to the subscribers connected to THIS hub, whichever replica decided them: sends
 * what {@link RoomEventTranslator} makes of each commit of every partition's event stream to the workflow's room.
 * Commits of workflows nobody here follows cost one room lookup and nothing else.
 *
 * <p>The state a commit is folded into is cached per followed workflow; when it is missing or behind (a client
 * subscribed to a running workflow, or the cache dropped it), the state up to the commit is folded from the
 * workflow's history first. That read, the fold and the sending happen on the relay's own thread, in the order the
 * commits were handed over, so {@link #relay(Commit)} never blocks its caller.
 *
 * <p>{@link #start} follows the streams with a {@link PartitionTail} of its own (a Redis failure is logged and the
 * tail retried after a pause). A hub that already follows the streams (to deliver dispatches to its services) makes
 * one with {@link #over} instead and hands it each commit it reads, so the streams are read and decoded once per hub.
 */
public final class RoomRelay implements AutoCloseable {
    /** How many followed workflows' states are cached. */
    public static final int DEFAULT_CACHED_WORKFLOWS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(RoomRelay.class);
    private static final Duration BLOCK = Duration.ofMillis(500);
    private static final int BATCH = 256;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(2);

    private final EventReader reader;
    private final RoomSink sink;
    /** Touched only on the worker thread. */
    private final Map<String, WorkflowState> states;
    private final ExecutorService worker;
    private final PartitionTail tail;
    private final Thread tailThread;
    private volatile boolean running = true;

    /** With {@code tail == null}, commits come from {@link #relay(Commit)} calls. */
    private RoomRelay(PartitionTail tail, EventReader reader, RoomSink sink, int cachedWorkflows) {
        this.reader = reader;
        this.sink = sink;
        this.states = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WorkflowState> eldest) {
                return size() > cachedWorkflows;
            }
        };
        this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "gleitzeit-room-relay"));
        this.tail = tail;
        this.tailThread = tail == null ? null : daemon(this::follow, "gleitzeit-room-tail");
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A relay fed by the caller: {@link #relay(Commit)} each commit of every partition, in stream order per
     * partition.
     *
     * @param reader reads a workflow's history when its state is not cached
     * @param sink   this hub's rooms
     */
    public static RoomRelay over(EventReader reader, RoomSink sink) {
        return new RoomRelay(null, Objects.requireNonNull(reader, "reader"), Objects.requireNonNull(sink, "sink"),
                DEFAULT_CACHED_WORKFLOWS);
    }

    /**
     * Starts relaying what is appended from now on, following the streams itself.
     *
     * @param client  for the tail's own connection (a blocking read holds its connection)
     * @param keys    the streams to follow
     * @param decoder decodes their entries
     * @param reader  reads a workflow's history when its state is not cached
     * @param sink    this hub's rooms
     */
    public static RoomRelay start(RedisClient client, KeyLayout keys, EntryDecoder decoder, EventReader reader,
                                  RoomSink sink) {
        return start(RedisConnector.of(Objects.requireNonNull(client, "client")), keys, decoder, reader, sink);
    }

    /** As {@link #start(RedisClient, KeyLayout, EntryDecoder, EventReader, RoomSink)}, on any Redis topology. */
    public static RoomRelay start(RedisConnector client, KeyLayout keys, EntryDecoder decoder, EventReader reader,
                                  RoomSink sink) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(decoder, "decoder");
        RoomRelay relay = new RoomRelay(new PartitionTail(client, keys, decoder, StreamPosition.LATEST),
                Objects.requireNonNull(reader, "reader"), Objects.requireNonNull(sink, "sink"),
                DEFAULT_CACHED_WORKFLOWS);
        relay.tailThread.start();
        return relay;
    }

    /**
     * Hands over one commit: when anyone here is in the workflow's room, its room events are sent from the relay's
     * thread. Returns at once. A commit that cannot be relayed is logged, and its room misses those events.
     */
    public void relay(Commit commit) {
        Objects.requireNonNull(commit, "commit");
        if (!running || !sink.hasMembers(WorkflowRooms.of(commit.workflowId()))) {
            return;
        }
        try {
            worker.execute(() -> send(commit));
        } catch (RejectedExecutionException e) {
            log.debug("The room relay is closed; dropped commit {}", commit.position());
        }
    }

    private void follow() {
        while (running) {
            try {
                tail.next(BLOCK, BATCH).forEach(this::relay);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Following the event streams failed; retrying in {}", RETRY_PAUSE, e);
                pause();
            }
        }
    }

    private void send(Commit commit) {
        String workflowId = commit.workflowId();
        String room = WorkflowRooms.of(workflowId);
        try {
            WorkflowState before = states.get(workflowId);
            if (before != null && before.version() >= commit.lastVersion()) {
                return; // already relayed
            }
            if (before == null || before.version() != commit.firstVersion() - 1) {
                before = stateBefore(commit);
            }
            RoomEventTranslator.Translation translation = RoomEventTranslator.translate(before, commit);
            translation.events().forEach(event -> sink.send(room, event));
            if (translation.state().status().isTerminal()) {
                states.remove(workflowId);
            } else {
                states.put(workflowId, translation.state());
            }
        } catch (RuntimeException e) {
            states.remove(workflowId);
            log.error("Relaying commit {} of workflow {} failed; its room misses these events",
                    commit.position(), workflowId, e);
        }
    }

    /** The fold of the workflow's history up to (not including) the commit. */
    private WorkflowState stateBefore(Commit commit) {
        long first = commit.firstVersion();
        return WorkflowEvolver.fold(commit.workflowId(), reader.readWorkflow(commit.workflowId(), 0)
                .toCompletableFuture().join().stream().filter(e -> e.version() < first).toList());
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops: takes no more commits, sends what was handed over (waiting at most a moment), and closes the tail's
     * connection when it has its own.
     */
    @Override
    public void close() {
        running = false;
        try {
            if (tailThread != null) {
                tailThread.join(BLOCK.multipliedBy(4).toMillis());
                tail.close();
            }
            worker.shutdown();
            if (!worker.awaitTermination(DRAIN_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
