package io.gleitzeit.projections.internal;

import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.projections.ChangeSet;
import io.gleitzeit.projections.ModelKeys;
import io.gleitzeit.projections.StoredModel;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A read model's generations in Redis (blocking, for the runner's and the rebuild's own thread): which one is
 * current, their stream positions, storing a batch (one script), swapping a rebuilt one in, retiring an old one.
 */
final class GenerationStore {
    private static final Script FLUSH = Script.named("flush");
    private static final Script SWAP = Script.named("swap");
    private static final Script CURRENT = Script.named("current");

    /** How a batch is stored. */
    enum Mode {
        /** Into the current generation, by the lease holder: both are checked. */
        LIVE,
        /** Into a generation being rebuilt, which nobody reads or applies yet. */
        BUILD
    }

    /** What became of a flush. */
    enum Outcome { STORED, LEASE_LOST, STALE_GENERATION }

    /** What became of a swap: {@code swapped} (detail: the previous generation or ""), {@code moved}, {@code behind}. */
    record Swap(String status, String detail) {
        boolean swapped() {
            return "swapped".equals(status);
        }
    }

    private final RedisClusterCommands<String, String> redis;
    private final ModelKeys keys;

    GenerationStore(RedisClusterCommands<String, String> redis, ModelKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    ModelKeys keys() {
        return keys;
    }

    /** The current generation; creates the first one when there is none. */
    long currentOrCreate() {
        String current = CURRENT.run(redis, ScriptOutputType.VALUE, new String[] {keys.current(), keys.generations()});
        return Long.parseLong(current);
    }

    /** The current generation, if there is one. */
    OptionalLong current() {
        String current = redis.get(keys.current());
        return current == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(current));
    }

    /** A generation number nobody has used. */
    long newGeneration() {
        return redis.incr(keys.generations());
    }

    /** The last entry applied per stream in {@code generation}. */
    Map<String, StreamPosition> positions(long generation) {
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        redis.hgetall(keys.positions(generation)).forEach((stream, id) -> positions.put(stream, StreamPosition.parse(id)));
        return positions;
    }

    /** Reads of the model's keys in {@code generation}. */
    StoredModel stored(long generation) {
        return new StoredModel() {
            @Override
            public Map<String, String> readAll(String key) {
                return redis.hgetall(keys.key(generation, key));
            }

            @Override
            public Map<String, String> read(String key, Collection<String> fields) {
                Map<String, String> found = new LinkedHashMap<>();
                if (!fields.isEmpty()) {
                    for (KeyValue<String, String> kv : redis.hmget(keys.key(generation, key),
                            fields.toArray(String[]::new))) {
                        if (kv.hasValue()) {
                            found.put(kv.getKey(), kv.getValue());
                        }
                    }
                }
                return found;
            }
        };
    }

    /** Stores a batch's changes and positions in one script. */
    Outcome flush(Mode mode, String token, long generation, ChangeSet changes, Map<String, StreamPosition> positions) {
        List<String> scriptKeys = new ArrayList<>(List.of(keys.lease(), keys.current(), keys.positions(generation)));
        List<String> args = new ArrayList<>();
        args.add(token);
        args.add(Long.toString(generation));
        args.add(mode == Mode.LIVE ? "live" : "build");
        args.add(Integer.toString(positions.size()));
        positions.forEach((stream, id) -> {
            args.add(stream);
            args.add(id.redisId());
        });
        changes.hashes().forEach((key, fields) -> {
            List<String> set = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            fields.forEach((field, value) -> {
                if (value == null) {
                    deleted.add(field);
                } else {
                    set.add(field);
                    set.add(value);
                }
            });
            addOp(args, scriptKeys, "HSET", keys.key(generation, key), set);
            addOp(args, scriptKeys, "HDEL", keys.key(generation, key), deleted);
        });
        changes.sortedSets().forEach((key, members) -> {
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            members.forEach((member, score) -> {
                if (score == null) {
                    removed.add(member);
                } else {
                    added.add(score(score));
                    added.add(member);
                }
            });
            addOp(args, scriptKeys, "ZADD", keys.key(generation, key), added);
            addOp(args, scriptKeys, "ZREM", keys.key(generation, key), removed);
        });
        String reply = FLUSH.run(redis, ScriptOutputType.STATUS, scriptKeys.toArray(String[]::new),
                args.toArray(String[]::new));
        if ("lease_lost".equals(reply)) {
            return Outcome.LEASE_LOST;
        }
        if ("stale_generation".equals(reply)) {
            return Outcome.STALE_GENERATION;
        }
        return Outcome.STORED;
    }

    private static void addOp(List<String> args, List<String> scriptKeys, String verb, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        int index = scriptKeys.indexOf(key);
        if (index < 0) {
            scriptKeys.add(key);
            index = scriptKeys.size() - 1;
        }
        args.add(verb);
        args.add(Integer.toString(index + 1));
        args.add(Integer.toString(values.size()));
        args.addAll(values);
    }

    private static String score(double score) {
        return score == Math.rint(score) && Math.abs(score) < 1e15 ? Long.toString((long) score) : Double.toString(score);
    }

    /** Makes {@code generation} current when it has applied everything {@code expected} (the current one) has. */
    Swap swap(OptionalLong expected, long generation) {
        String expectedPositions = expected.isPresent() ? keys.positions(expected.getAsLong())
                : keys.positions(generation);
        List<Object> reply = SWAP.run(redis, ScriptOutputType.MULTI,
                new String[] {keys.current(), expectedPositions, keys.positions(generation)},
                expected.isPresent() ? Long.toString(expected.getAsLong()) : "", Long.toString(generation));
        return new Swap(String.valueOf(reply.get(0)), String.valueOf(reply.get(1)));
    }

    /**
     * Lets the keys of an old generation expire after {@code grace}: readers that looked up the pointer just before
     * a swap still find their data.
     */
    void retire(long generation, List<String> keyNames, Duration grace) {
        List<String> all = new ArrayList<>();
        all.add(keys.positions(generation));
        keyNames.forEach(name -> all.add(keys.key(generation, name)));
        for (String key : all) {
            if (grace.isZero()) {
                redis.unlink(key);
            } else {
                redis.pexpire(key, grace.toMillis());
            }
        }
    }
}
