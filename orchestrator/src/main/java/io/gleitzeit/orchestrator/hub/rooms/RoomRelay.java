package io.gleitzeit.orchestrator.hub.rooms;

import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventReader;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.EntryDecoder;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays every workflow's events to the subscribers connected to THIS hub, whichever replica decided them: sends
 * what {@link RoomEventTranslator} makes of each commit of every partition's event stream to the workflow's room.
 * Commits of workflows nobody here follows cost one room lookup and nothing else.
 *
 * <p>The state a commit is folded into is cached per followed workflow; when it is missing or behind (a client
 * subscribed to a running workflow, or the cache dropped it), the state up to the commit is folded from the
 * workflow's history first.
 *
 * <p>{@link #start} follows the streams with a {@link PartitionTail} of its own, on its own thread (a Redis failure
 * is logged and the tail retried after a pause). A hub that already follows the streams (to deliver dispatches to
 * its services) can instead make one with {@link #over} and hand it each commit it reads, so the streams are read
 * and decoded once per hub.
 */
public final class RoomRelay implements AutoCloseable {
    /** How many followed workflows' states are cached. */
    public static final int DEFAULT_CACHED_WORKFLOWS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(RoomRelay.class);
    private static final Duration BLOCK = Duration.ofMillis(500);
    private static final int BATCH = 256;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final PartitionTail tail;
    private final EventReader reader;
    private final RoomSink sink;
    private final Map<String, WorkflowState> states;
    private final Thread thread;
    private volatile boolean running = true;

    /** With {@code tail == null}, commits come from {@link #relay(Commit)} calls. */
    private RoomRelay(PartitionTail tail, EventReader reader, RoomSink sink, int cachedWorkflows) {
        this.tail = tail;
        this.reader = reader;
        this.sink = sink;
        this.states = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WorkflowState> eldest) {
                return size() > cachedWorkflows;
            }
        };
        this.thread = tail == null ? null : new Thread(this::run, "gleitzeit-room-relay");
        if (thread != null) {
            thread.setDaemon(true);
        }
    }

    /**
     * A relay fed by the caller: {@link #relay(Commit)} each commit of every partition, in stream order per
     * partition, from one thread.
     *
     * @param reader reads a workflow's history when its state is not cached
     * @param sink   this hub's rooms
     */
    public static RoomRelay over(EventReader reader, RoomSink sink) {
        return new RoomRelay(null, Objects.requireNonNull(reader, "reader"), Objects.requireNonNull(sink, "sink"),
                DEFAULT_CACHED_WORKFLOWS);
    }

    /**
     * Starts relaying what is appended from now on.
     *
     * @param client  for the tail's own connection (a blocking read holds its connection)
     * @param keys    the streams to follow
     * @param decoder decodes their entries
     * @param reader  reads a workflow's history when its state is not cached
     * @param sink    this hub's rooms
     */
    public static RoomRelay start(RedisClient client, KeyLayout keys, EntryDecoder decoder, EventReader reader,
                                  RoomSink sink) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(decoder, "decoder");
        RoomRelay relay = new RoomRelay(new PartitionTail(client, keys, decoder, StreamPosition.LATEST),
                Objects.requireNonNull(reader, "reader"), Objects.requireNonNull(sink, "sink"),
                DEFAULT_CACHED_WORKFLOWS);
        relay.thread.start();
        return relay;
    }

    private void run() {
        while (running) {
            try {
                for (Commit commit : tail.next(BLOCK, BATCH)) {
                    relay(commit);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Following the event streams failed; retrying in {}", RETRY_PAUSE, e);
                pause();
            }
        }
    }

    /**
     * Sends the room events of one commit to the workflow's room, if anyone here is in it. Not thread-safe: call
     * from one thread. Never throws: a commit that cannot be relayed is logged and its room misses those events.
     */
    public void relay(Commit commit) {
        String workflowId = commit.workflowId();
        String room = WorkflowRooms.of(workflowId);
        if (!sink.hasMembers(room)) {
            states.remove(workflowId);
            return;
        }
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

    /** Stops following and closes the tail's connection (when it has its own). */
    @Override
    public void close() {
        running = false;
        if (tail == null) {
            return;
        }
        try {
            thread.join(BLOCK.multipliedBy(4).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tail.close();
    }
}
