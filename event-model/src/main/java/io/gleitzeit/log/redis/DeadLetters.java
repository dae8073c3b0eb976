package io.gleitzeit.log.redis;

import io.gleitzeit.log.StreamPosition;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The dead letters of the log's streams. A consumer group parks an entry that failed too often: it moves to its
 * scope's {@code dlq} stream, and its workflow is marked in the scope's {@code parked} hash, per stream and group,
 * so that the workflow's later entries are moved, in order, to a {@code held} stream instead of being handled.
 * {@link #redrive} puts the dead letter and then the held entries back on the stream. Each of these steps is one
 * atomic script (see {@link KeyLayout} for the keys).
 */
public final class DeadLetters {
    private static final LuaScript PARK = LuaScript.named("park");
    private static final LuaScript REDRIVE = LuaScript.named("redrive");
    private static final String ORIGINAL_FIELD_PREFIX = "f:";

    private final RedisClusterAsyncCommands<String, String> redis;
    private final KeyLayout keys;

    /** Dead letters over a connection the caller keeps and closes. */
    public DeadLetters(StatefulRedisConnection<String, String> connection, KeyLayout keys) {
        this(RedisLink.of(Objects.requireNonNull(connection, "connection")), keys);
    }

    /** Dead letters over a link (a server's or a cluster's) the caller keeps and closes. */
    public DeadLetters(RedisLink link, KeyLayout keys) {
        this.redis = Objects.requireNonNull(link, "link").async();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** What parking or holding did to one entry. */
    enum Outcome {
        /** Moved to the dead-letter stream; its workflow is now parked. */
        PARKED,
        /** Moved to the workflow's held stream, behind its parked entry. */
        HELD,
        /** Left as it was: hold was asked for, but the workflow is no longer parked. */
        NOT_PARKED,
        /** No longer pending for this consumer (claimed by another, acknowledged, or trimmed). */
        GONE
    }

    /** The outcome for one entry, with the dead letter's position when it was parked. */
    record Result(String entryId, Outcome outcome, StreamPosition deadLetter) {
    }

    /** An entry to park, with what its dead letter records. */
    record Candidate(String entryId, long deliveries, String reason) {
    }

    /**
     * Parks pending entries of one workflow ({@code null}: entries naming none), in stream order; any of them
     * whose workflow is already parked is held instead. Only entries still pending for {@code consumer} are moved.
     */
    CompletionStage<List<Result>> park(String stream, String group, String consumer, String workflowId,
                                       List<Candidate> entries, Instant parkedAt) {
        List<String> args = new ArrayList<>(List.of("park", group, consumer, field(stream, group, workflowId),
                Long.toString(parkedAt.toEpochMilli())));
        List<String> ids = new ArrayList<>(entries.size());
        for (Candidate c : entries) {
            args.add(c.entryId());
            args.add(Long.toString(c.deliveries()));
            args.add(c.reason());
            ids.add(c.entryId());
        }
        return runPark(stream, group, workflowId, ids, args);
    }

    /** Holds pending entries of a parked workflow, in stream order; entries of a workflow no longer parked stay. */
    CompletionStage<List<Result>> hold(String stream, String group, String consumer, String workflowId,
                                       List<String> entryIds) {
        List<String> args = new ArrayList<>(List.of("hold", group, consumer, field(stream, group, workflowId), "0"));
        for (String id : entryIds) {
            args.add(id);
            args.add("0");
            args.add("");
        }
        return runPark(stream, group, workflowId, entryIds, args);
    }

    private CompletionStage<List<Result>> runPark(String stream, String group, String workflowId, List<String> ids,
                                                  List<String> args) {
        String[] scriptKeys = {stream, keys.deadLetters(stream), keys.parked(stream),
                keys.held(stream, group, workflowId == null ? "" : workflowId)};
        CompletionStage<List<String>> reply = PARK.run(redis, ScriptOutputType.MULTI, scriptKeys,
                args.toArray(String[]::new));
        return reply.thenApply(outcomes -> {
            List<Result> results = new ArrayList<>(outcomes.size());
            for (int i = 0; i < outcomes.size(); i++) {
                String o = outcomes.get(i);
                if (o.startsWith("parked:")) {
                    results.add(new Result(ids.get(i), Outcome.PARKED,
                            StreamPosition.parse(o.substring("parked:".length()))));
                } else {
                    results.add(new Result(ids.get(i), switch (o) {
                        case "held" -> Outcome.HELD;
                        case "not-parked" -> Outcome.NOT_PARKED;
                        default -> Outcome.GONE;
                    }, null));
                }
            }
            return results;
        });
    }

    /** Which of {@code workflowIds} are parked for {@code group} on {@code stream} (one HMGET). */
    CompletionStage<Set<String>> parkedAmong(String stream, String group, Collection<String> workflowIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(workflowIds));
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        String[] fields = ids.stream().map(wf -> keys.parkedField(stream, group, wf)).toArray(String[]::new);
        return redis.hmget(keys.parked(stream), fields).thenApply(values -> {
            Set<String> parked = new LinkedHashSet<>();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).hasValue()) {
                    parked.add(ids.get(i));
                }
            }
            return parked;
        });
    }

    /** How many workflows are parked in the scope of {@code stream}, for any stream and group of it (one HLEN). */
    CompletionStage<Long> parkedCount(String stream) {
        return redis.hlen(keys.parked(stream));
    }

    /**
     * Puts the parked entry of {@code workflowId} back at the end of {@code stream}, followed by the entries held
     * behind it in their order, and lifts the mark, atomically. Completes with how many entries went back (0 when
     * the workflow was not parked).
     */
    public CompletionStage<Integer> redrive(String stream, String group, String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        String[] scriptKeys = {stream, keys.deadLetters(stream), keys.parked(stream),
                keys.held(stream, group, workflowId)};
        CompletionStage<Long> count = REDRIVE.run(redis, ScriptOutputType.INTEGER, scriptKeys,
                keys.parkedField(stream, group, workflowId));
        return count.handle((n, error) -> {
            if (error != null) {
                throw RedisFailures.classify("re-drive workflow " + workflowId + " on " + stream, error);
            }
            return n.intValue();
        });
    }

    /** Up to {@code limit} dead letters of the scope of {@code stream} (from any of its streams), oldest first. */
    public CompletionStage<List<DeadLetter>> list(String stream, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return redis.xrange(keys.deadLetters(stream), Range.unbounded(), Limit.from(limit)).handle((messages, e) -> {
            if (e != null) {
                throw RedisFailures.classify("list dead letters of " + keys.scopeOf(stream), e);
            }
            List<DeadLetter> letters = new ArrayList<>(messages.size());
            messages.forEach(m -> letters.add(toDeadLetter(m)));
            return letters;
        });
    }

    /** How many dead letters are parked, over every scope (each partition and the cluster scope). */
    public CompletionStage<Long> count() {
        List<CompletableFuture<Long>> lengths = new ArrayList<>();
        for (int p = 0; p < keys.partitions().count(); p++) {
            lengths.add(redis.xlen(keys.deadLetters(keys.events(p))).toCompletableFuture());
        }
        lengths.add(redis.xlen(keys.deadLetters(keys.clusterEvents())).toCompletableFuture());
        return CompletableFuture.allOf(lengths.toArray(CompletableFuture[]::new)).handle((ignored, e) -> {
            if (e != null) {
                throw RedisFailures.classify("count dead letters", e);
            }
            return lengths.stream().mapToLong(CompletableFuture::join).sum();
        });
    }

    private static DeadLetter toDeadLetter(StreamMessage<String, String> m) {
        Map<String, String> body = m.getBody();
        Map<String, String> original = new HashMap<>();
        body.forEach((k, v) -> {
            if (k.startsWith(ORIGINAL_FIELD_PREFIX)) {
                original.put(k.substring(ORIGINAL_FIELD_PREFIX.length()), v);
            }
        });
        return new DeadLetter(StreamPosition.parse(m.getId()), body.get("stream"),
                StreamPosition.parse(body.get("entry_id")), body.get("group"), body.get("consumer"),
                Long.parseLong(body.get("deliveries")), body.get("reason"),
                Instant.ofEpochMilli(Long.parseLong(body.get("parked_at"))), original);
    }

    private String field(String stream, String group, String workflowId) {
        return workflowId == null ? "" : keys.parkedField(stream, group, workflowId);
    }
}
