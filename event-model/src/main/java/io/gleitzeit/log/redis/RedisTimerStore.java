package io.gleitzeit.log.redis;

import io.gleitzeit.log.TimerStore;
import io.lettuce.core.ScriptOutputType;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Timers in each partition's {@code timers} ZSET (score: due epoch millis, member: {@link TimerMember}). Firing is
 * one script per call that takes due members off the ZSET and adds them to the command stream as entries
 * {@code wf, t}; {@link EntryDecoder#feedEntry} reads them back as {@link io.gleitzeit.command.FireTimer} commands.
 */
public final class RedisTimerStore implements TimerStore {
    /** The most timers one call fires, bounding the script's run time. */
    public static final int MAX_LIMIT = 1000;
    private static final LuaScript FIRE = LuaScript.named("fire_timers");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final KeyLayout keys;

    /** Timers over a connection the caller keeps and closes. */
    public RedisTimerStore(StatefulRedisConnection<String, String> connection, KeyLayout keys) {
        this(RedisLink.of(Objects.requireNonNull(connection, "connection")), keys);
    }

    /** Timers over a link (a server's or a cluster's) the caller keeps and closes. */
    public RedisTimerStore(RedisLink link, KeyLayout keys) {
        this.redis = Objects.requireNonNull(link, "link").async();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public CompletionStage<Integer> fireDue(int partition, Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", was " + limit);
        }
        String[] scriptKeys = {keys.timers(partition), keys.commands(partition)};
        CompletionStage<Long> fired = FIRE.run(redis, ScriptOutputType.INTEGER, scriptKeys,
                Long.toString(now.toEpochMilli()), Integer.toString(limit));
        return fired.handle((count, error) -> {
            if (error != null) {
                throw RedisFailures.classify("fire timers of partition " + partition, error);
            }
            return count.intValue();
        });
    }

    @Override
    public CompletionStage<Optional<Instant>> nextDue(int partition) {
        return redis.zrangeWithScores(keys.timers(partition), 0, 0).handle((first, error) -> {
            if (error != null) {
                throw RedisFailures.classify("read the next timer of partition " + partition, error);
            }
            return first.isEmpty()
                    ? Optional.<Instant>empty()
                    : Optional.of(Instant.ofEpochMilli((long) first.get(0).getScore()));
        });
    }
}
