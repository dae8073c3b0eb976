package io.gleitzeit.log.redis;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.AppendResult;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.Positioned;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.log.WrongExpectedVersionException;
import io.gleitzeit.payload.LargePayloads;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The event log on Redis Streams, in the key layout of {@link KeyLayout}. Asynchronous throughout (Lettuce); safe
 * for concurrent use. An append is one EVALSHA whose script costs two XADD plus one command per timer or ready-queue
 * change; reads never change anything.
 *
 * <p>Payloads above the inline limit (task results, dispatched parameters, a workflow's results) are stored once
 * by reference ({@link LargePayloads}, {@link RedisBlobStore}) when appending or sending, and resolved again when
 * reading, so callers see values and the streams stay small.
 *
 * <p>Failures complete the stages exceptionally: {@link WrongExpectedVersionException} for a version conflict,
 * otherwise a {@link io.gleitzeit.log.GleitzeitException} that says whether a retry may help.
 */
public final class RedisEventLog implements EventLog, AutoCloseable {
    private static final LuaScript APPEND = LuaScript.named("append");

    private final RedisLink connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final KeyLayout keys;
    private final EventCodec codec;
    private final EntryDecoder decoder;
    private final LargePayloads payloads;
    private final boolean ownsConnection;

    /** A log over a connection the caller keeps and closes, with the default inline limit. */
    public RedisEventLog(StatefulRedisConnection<String, String> connection, KeyLayout keys, EventCodec codec) {
        this(RedisLink.of(Objects.requireNonNull(connection, "connection")), keys, codec,
                LargePayloads.DEFAULT_INLINE_LIMIT_BYTES, false);
    }

    /** A log over a link (a server's or a cluster's) the caller keeps and closes, with the default inline limit. */
    public RedisEventLog(RedisLink connection, KeyLayout keys, EventCodec codec) {
        this(connection, keys, codec, LargePayloads.DEFAULT_INLINE_LIMIT_BYTES, false);
    }

    private RedisEventLog(RedisLink connection, KeyLayout keys, EventCodec codec, long inlineLimit,
                          boolean ownsConnection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.redis = connection.async();
        this.keys = Objects.requireNonNull(keys, "keys");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.decoder = new EntryDecoder(codec);
        this.payloads = new LargePayloads(new RedisBlobStore(connection, keys), inlineLimit);
        this.ownsConnection = ownsConnection;
    }

    /** A log with a connection of its own, closed by {@link #close()}. */
    public static RedisEventLog connect(RedisClient client, KeyLayout keys, EventCodec codec) {
        return connect(RedisConnector.of(client), keys, codec);
    }

    /** A log on any Redis topology with a connection of its own, closed by {@link #close()}. */
    public static RedisEventLog connect(RedisConnector connector, KeyLayout keys, EventCodec codec) {
        return connect(connector, keys, codec, LargePayloads.DEFAULT_INLINE_LIMIT_BYTES);
    }

    /**
     * As {@link #connect(RedisConnector, KeyLayout, EventCodec)}, storing payloads above {@code inlineLimitBytes}
     * by reference (at least {@value LargePayloads#MIN_INLINE_LIMIT_BYTES}).
     */
    public static RedisEventLog connect(RedisConnector connector, KeyLayout keys, EventCodec codec,
                                        long inlineLimitBytes) {
        RedisLink link = connector.connect();
        try {
            return new RedisEventLog(link, keys, codec, inlineLimitBytes, true);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** The key layout. */
    public KeyLayout keys() {
        return keys;
    }

    /** Large payloads by reference: what the log stores and resolves with (also for commands read by consumers). */
    public LargePayloads payloads() {
        return payloads;
    }

    /** The decoder for entries of this log's streams (for consumers). */
    public EntryDecoder decoder() {
        return decoder;
    }

    @Override
    public PartitionScheme partitions() {
        return keys.partitions();
    }

    // ---- appending ----------------------------------------------------------------------------------------------

    @Override
    public CompletionStage<AppendResult> append(AppendRequest request) {
        // Refused synchronously, before anything is stored.
        List<String> timerArgs = new ArrayList<>(3 * request.timers().size());
        for (int i = 0; i < request.timers().size(); i++) {
            addTimerChange(timerArgs, request.workflowId(), i, request.timers().get(i));
        }
        // Blobs first: whoever reads the commit must find what it references. A conflict leaves them stored; they
        // are content-addressed, so the retried decision finds them there.
        CompletionStage<List<EventEnvelope<WorkflowEvent>>> stored =
                payloads.storeLarge(request.workflowId(), request.events());
        return stored.thenCompose(events -> appendCommit(request, events, timerArgs));
    }

    private CompletionStage<AppendResult> appendCommit(AppendRequest request, List<EventEnvelope<WorkflowEvent>> events,
                                                       List<String> timerArgs) {
        String workflowId = request.workflowId();
        int partition = keys.partitions().partitionOf(workflowId);
        long expected = request.condition().expectedVersion();
        String[] scriptKeys = {
                keys.workflowStream(workflowId), keys.events(partition), keys.timers(partition),
                keys.waiting(partition), keys.workflows(partition)};
        List<String> args = new ArrayList<>(8 + timerArgs.size());
        args.add(Long.toString(expected));
        args.add((expected + 1) + "-0");
        args.add(Long.toString(expected + 1));
        args.add(Integer.toString(events.size()));
        args.add(codec.encodeAll(events));
        args.add(workflowId);
        args.add(Long.toString(events.get(0).occurredAt().toEpochMilli()));
        args.add(switch (request.readyQueue()) {
            case UNCHANGED -> "U";
            case WAITING -> "W";
            case NOT_WAITING -> "N";
        });
        args.addAll(timerArgs);
        String[] scriptArgs = args.toArray(String[]::new);
        // Safe to repeat: a repeated commit is recognised by the script (see append.lua), never stored twice.
        return TransientRetry.run(() -> APPEND.<List<Object>>run(redis, ScriptOutputType.MULTI, scriptKeys,
                scriptArgs).handle((result, error) -> {
            if (error != null) {
                throw RedisFailures.classify("append to workflow " + workflowId, error);
            }
            String status = (String) result.get(0);
            String value = (String) result.get(1);
            if ("conflict".equals(status)) {
                throw new WrongExpectedVersionException(workflowId, expected, Long.parseLong(value));
            }
            return new AppendResult(request.resultingVersion(), StreamPosition.parse(value));
        }));
    }

    private static void addTimerChange(List<String> args, String workflowId, int index, TimerChange change) {
        if (change instanceof TimerChange.Schedule schedule) {
            requireSameWorkflow(workflowId, index, schedule.workflowId());
            args.add("S");
            args.add(Long.toString(schedule.dueAt().toEpochMilli()));
            args.add(new TimerMember(schedule.workflowId(), schedule.timer()).encode());
        } else if (change instanceof TimerChange.Cancel cancel) {
            requireSameWorkflow(workflowId, index, cancel.workflowId());
            args.add("C");
            args.add("0");
            args.add(new TimerMember(cancel.workflowId(), cancel.timer()).encode());
        } else {
            throw new IllegalArgumentException("unknown timer change " + change.getClass().getName());
        }
    }

    private static void requireSameWorkflow(String workflowId, int index, String timerWorkflowId) {
        if (!workflowId.equals(timerWorkflowId)) {
            throw new IllegalArgumentException("timers[" + index + "].workflowId is " + timerWorkflowId
                    + " but the append is for workflow " + workflowId);
        }
    }

    @Override
    public CompletionStage<StreamPosition> appendClusterEvent(EventEnvelope<ClusterEvent> event) {
        Objects.requireNonNull(event, "event");
        return redis.xadd(keys.clusterEvents(), EntryDecoder.EVENTS_FIELD, codec.encode(event))
                .handle((id, error) -> position(id, error, "append a cluster event"));
    }

    @Override
    public CompletionStage<StreamPosition> send(CommandEnvelope command) {
        Objects.requireNonNull(command, "command");
        int partition = keys.partitions().partitionOf(command.workflowId());
        return payloads.storeLarge(command).thenCompose(small -> redis.xadd(keys.commands(partition),
                        StreamEntry.WORKFLOW_FIELD, command.workflowId(), EntryDecoder.COMMAND_FIELD,
                        codec.encodeCommand(small))
                .handle((id, error) -> position(id, error, "send a command to workflow " + command.workflowId())));
    }

    private static StreamPosition position(String id, Throwable error, String what) {
        if (error != null) {
            throw RedisFailures.classify(what, error);
        }
        return StreamPosition.parse(id);
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>One XRANGE from the commit id {@code <afterVersion>-0} when {@code afterVersion} ends a commit or starts
     * one (what callers hold after a read); when it falls inside a longer commit, or nothing newer exists, one
     * XREVRANGE more finds the commit containing the next version. Fails permanently when the versions read are
     * not consecutive.
     */
    @Override
    public CompletionStage<List<EventEnvelope<WorkflowEvent>>> readWorkflow(String workflowId, long afterVersion) {
        Objects.requireNonNull(workflowId, "workflowId");
        if (afterVersion < 0) {
            throw new IllegalArgumentException("afterVersion must not be negative, was " + afterVersion);
        }
        String stream = keys.workflowStream(workflowId);
        Range<String> range = afterVersion == 0
                ? Range.unbounded()
                : Range.from(Range.Boundary.including(afterVersion + "-0"), Range.Boundary.unbounded());
        return redis.xrange(stream, range).thenCompose(messages -> {
            List<Commit> commits = commits(workflowId, stream, messages);
            if (afterVersion == 0 || !commits.isEmpty() && commits.get(0).firstVersion() <= afterVersion + 1) {
                return CompletableFuture.completedFuture(eventsAfter(workflowId, afterVersion, commits));
            }
            // The next version, if any, is inside a commit that starts before afterVersion.
            Range<String> before = Range.from(Range.Boundary.unbounded(),
                    Range.Boundary.including(Long.toString(afterVersion - 1)));
            return redis.xrevrange(stream, before, Limit.from(1)).thenApply(previous -> {
                List<Commit> all = new ArrayList<>(commits(workflowId, stream, previous));
                all.addAll(commits);
                return eventsAfter(workflowId, afterVersion, all);
            });
        }).thenCompose(events -> payloads.resolve(workflowId, events)).handle((events, error) -> {
            if (error != null) {
                throw RedisFailures.classify("read workflow " + workflowId, error);
            }
            return events;
        });
    }

    private List<Commit> commits(String workflowId, String stream, List<StreamMessage<String, String>> messages) {
        List<Commit> commits = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> m : messages) {
            commits.add(decoder.workflowCommit(workflowId, stream, StreamPosition.parse(m.getId()), m.getBody()));
        }
        return commits;
    }

    private static List<EventEnvelope<WorkflowEvent>> eventsAfter(String workflowId, long afterVersion,
                                                                  List<Commit> commits) {
        List<EventEnvelope<WorkflowEvent>> events = new ArrayList<>();
        long expected = afterVersion + 1;
        for (Commit commit : commits) {
            for (EventEnvelope<WorkflowEvent> event : commit.events()) {
                if (event.version() <= afterVersion) {
                    continue;
                }
                if (event.version() != expected) {
                    throw GleitzeitException.permanentFailure("workflow " + workflowId
                            + ": expected version " + expected + " next but read " + event.version()
                            + " (commit " + commit.position().redisId() + ")", null);
                }
                events.add(event);
                expected++;
            }
        }
        return events;
    }

    @Override
    public CompletionStage<List<Positioned<EventEnvelope<ClusterEvent>>>> readClusterEvents(StreamPosition after,
                                                                                          int limit) {
        String stream = keys.clusterEvents();
        return readAfter(stream, after, limit, m -> decoder.clusterEvent(StreamEntry.of(stream, m)), "read cluster events");
    }

    @Override
    public CompletionStage<List<Commit>> readPartition(int partition, StreamPosition after, int limit) {
        String stream = keys.events(partition);
        return readAfter(stream, after, limit, m -> decoder.commit(StreamEntry.of(stream, m)),
                "read partition " + partition).thenCompose(this::resolveAll);
    }

    /** The commits with their references resolved, in order. */
    private CompletionStage<List<Commit>> resolveAll(List<Commit> commits) {
        CompletionStage<List<Commit>> all = CompletableFuture.completedFuture(new ArrayList<>(commits.size()));
        for (Commit commit : commits) {
            all = all.thenCombine(payloads.resolve(commit), (list, resolved) -> {
                list.add(resolved);
                return list;
            });
        }
        return all;
    }

    private <T> CompletionStage<List<T>> readAfter(String stream, StreamPosition after, int limit,
                                                   Function<StreamMessage<String, String>, T> decode, String what) {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (after.equals(StreamPosition.LATEST)) {
            return CompletableFuture.completedFuture(List.of());
        }
        Range<String> range = after.equals(StreamPosition.FIRST)
                ? Range.unbounded()
                : Range.from(Range.Boundary.including(after.next().redisId()), Range.Boundary.unbounded());
        return redis.xrange(stream, range, Limit.from(limit)).handle((messages, error) -> {
            if (error != null) {
                throw RedisFailures.classify(what, error);
            }
            List<T> out = new ArrayList<>(messages.size());
            messages.forEach(m -> out.add(decode.apply(m)));
            return out;
        });
    }

    @Override
    public CompletionStage<List<String>> listWorkflows(int partition, long offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must not be negative and limit at least 1, were " + offset
                    + " and " + limit);
        }
        return redis.zrange(keys.workflows(partition), offset, offset + limit - 1).handle((ids, error) -> {
            if (error != null) {
                throw RedisFailures.classify("list workflows of partition " + partition, error);
            }
            return ids;
        });
    }

    /** Closes the connection when the log opened it ({@link #connect}); otherwise does nothing. */
    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }
}
