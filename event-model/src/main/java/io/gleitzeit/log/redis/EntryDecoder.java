package io.gleitzeit.log.redis;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.CodecException;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.FeedEntry;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.log.Positioned;
import io.gleitzeit.log.StreamPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the entries of the log's streams (see {@link KeyLayout}) into domain values: commits, command-feed entries,
 * cluster events. An entry that cannot be read is a permanent failure naming the stream and entry (a consumer parks
 * it after its deliveries run out).
 */
public final class EntryDecoder {
    static final String COUNT_FIELD = "n";
    static final String EVENTS_FIELD = "e";
    static final String VERSION_FIELD = "v";
    static final String COMMAND_FIELD = "c";
    static final String TIMER_FIELD = "t";
    /** Who issued the commands of fired timers. */
    public static final String TIMER_ISSUER = "timer";

    private final EventCodec codec;

    public EntryDecoder(EventCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** An entry of a partition's event stream (fields {@code wf, v, n, e}). */
    public Commit commit(StreamEntry entry) {
        return decoding(entry.stream(), entry.id(), () -> {
            Commit commit = workflowCommit(entry.required(StreamEntry.WORKFLOW_FIELD), entry.stream(), entry.id(),
                    entry.fields());
            long firstVersion = Long.parseLong(entry.required(VERSION_FIELD));
            if (commit.firstVersion() != firstVersion) {
                throw new CodecException("field v is " + firstVersion + " but the first event has version "
                        + commit.firstVersion());
            }
            return commit;
        });
    }

    /** An entry of a partition's command stream: a sent command ({@code c}) or a fired timer ({@code t}). */
    public FeedEntry feedEntry(StreamEntry entry) {
        return decoding(entry.stream(), entry.id(), () -> {
            String command = entry.fields().get(COMMAND_FIELD);
            if (command != null) {
                return new FeedEntry.Sent(entry.id(), codec.decodeCommand(command));
            }
            String member = entry.fields().get(TIMER_FIELD);
            if (member == null) {
                throw new CodecException("neither a command (c) nor a timer (t)");
            }
            TimerMember timer = TimerMember.decode(member);
            return new FeedEntry.TimerFired(entry.id(), new CommandEnvelope(member, timer.workflowId(),
                    Instant.ofEpochMilli(entry.id().millis()), TIMER_ISSUER, timer.workflowId(), timer.timer()));
        });
    }

    /** An entry of the cluster event stream (field {@code e}). */
    public Positioned<EventEnvelope<ClusterEvent>> clusterEvent(StreamEntry entry) {
        return decoding(entry.stream(), entry.id(), () -> {
            EventEnvelope<Event> envelope = codec.decode(entry.required(EVENTS_FIELD));
            if (!(envelope.payload() instanceof ClusterEvent)) {
                throw new CodecException("not a cluster event: " + envelope.payload().getClass().getSimpleName());
            }
            @SuppressWarnings("unchecked")
            EventEnvelope<ClusterEvent> cluster = (EventEnvelope<ClusterEvent>) (EventEnvelope<?>) envelope;
            return new Positioned<>(entry.id(), cluster);
        });
    }

    /** An entry of a workflow's own stream (fields {@code n, e}), or the same fields of an event-stream entry. */
    Commit workflowCommit(String workflowId, String stream, StreamPosition id, Map<String, String> fields) {
        return decoding(stream, id, () -> {
            String json = fields.get(EVENTS_FIELD);
            if (json == null) {
                throw new CodecException("no field e");
            }
            List<EventEnvelope<Event>> decoded = codec.decodeAll(json);
            List<EventEnvelope<WorkflowEvent>> events = new ArrayList<>(decoded.size());
            for (EventEnvelope<Event> envelope : decoded) {
                if (!(envelope.payload() instanceof WorkflowEvent) || !workflowId.equals(envelope.workflowId())) {
                    throw new CodecException("event " + envelope.eventId() + " is not an event of workflow "
                            + workflowId);
                }
                @SuppressWarnings("unchecked")
                EventEnvelope<WorkflowEvent> event = (EventEnvelope<WorkflowEvent>) (EventEnvelope<?>) envelope;
                events.add(event);
            }
            String count = fields.get(COUNT_FIELD);
            if (events.isEmpty() || count != null && Integer.parseInt(count) != events.size()) {
                throw new CodecException("field n is " + count + " but the commit holds " + events.size()
                        + " events");
            }
            return new Commit(id, workflowId, events);
        });
    }

    private static <T> T decoding(String stream, StreamPosition id, Supplier<T> decoding) {
        try {
            return decoding.get();
        } catch (GleitzeitException e) {
            throw e;
        } catch (RuntimeException e) {
            throw GleitzeitException.permanentFailure(
                    "cannot read entry " + id.redisId() + " of " + stream + ": " + e.getMessage(), e);
        }
    }
}
