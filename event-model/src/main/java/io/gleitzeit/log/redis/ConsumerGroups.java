package io.gleitzeit.log.redis;

import io.gleitzeit.log.StreamPosition;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Creating consumer groups idempotently and reading how far they are. */
public final class ConsumerGroups {
    private final RedisClusterAsyncCommands<String, String> redis;

    /** Over a connection the caller keeps and closes. */
    public ConsumerGroups(StatefulRedisConnection<String, String> connection) {
        this(RedisLink.of(Objects.requireNonNull(connection, "connection")));
    }

    /** Over a link (a server's or a cluster's) the caller keeps and closes. */
    public ConsumerGroups(RedisLink link) {
        this.redis = Objects.requireNonNull(link, "link").async();
    }

    /**
     * Creates {@code group} on {@code stream} (and the stream, if missing) starting at {@code start}. Completes
     * with {@code true} when it created the group, {@code false} when the group existed already (BUSYGROUP).
     */
    public CompletionStage<Boolean> create(String stream, String group, StreamPosition start) {
        Objects.requireNonNull(start, "start");
        String id = start.equals(StreamPosition.LATEST) ? "$"
                : start.equals(StreamPosition.FIRST) ? "0" : start.redisId();
        return redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, id), group, new XGroupCreateArgs().mkstream(true))
                .handle((ok, error) -> {
                    if (error == null) {
                        return true;
                    }
                    Throwable cause = RedisFailures.unwrap(error);
                    if (cause.getMessage() != null && cause.getMessage().startsWith("BUSYGROUP")) {
                        return false;
                    }
                    throw RedisFailures.classify("create group " + group + " on " + stream, cause);
                });
    }

    /** The group's figures on one stream; fails naming both when the group does not exist there. */
    public CompletionStage<GroupStats> stats(String stream, String group) {
        CompletableFuture<Long> length = redis.xlen(stream).toCompletableFuture();
        CompletableFuture<List<Object>> groups = redis.xinfoGroups(stream).toCompletableFuture();
        CompletableFuture<List<PendingMessage>> oldest = redis.xpending(stream, new XPendingArgs<String>()
                .group(group).range(Range.unbounded()).limit(Limit.from(1))).toCompletableFuture();
        return CompletableFuture.allOf(length, groups, oldest).handle((ignored, error) -> {
            if (error != null) {
                if (RedisFailures.isNoGroup(error)) {
                    throw new IllegalArgumentException("no group " + group + " on " + stream, error);
                }
                throw RedisFailures.classify("read group " + group + " on " + stream, error);
            }
            Map<String, Object> info = groups.join().stream()
                    .map(ConsumerGroups::fieldsOf)
                    .filter(g -> group.equals(String.valueOf(g.get("name"))))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no group " + group + " on " + stream));
            Object lag = info.get("lag");
            List<PendingMessage> first = oldest.join();
            return new GroupStats(stream, group, length.join(),
                    lag instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty(),
                    ((Number) info.get("pending")).longValue(),
                    first.isEmpty() ? Duration.ZERO : first.get(0).getSinceLastDelivery(),
                    StreamPosition.parse(String.valueOf(info.get("last-delivered-id"))));
        });
    }

    /** XINFO GROUPS describes each group as alternating names and values (RESP2) or as a map (RESP3). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsOf(Object group) {
        if (group instanceof Map<?, ?> map) {
            Map<String, Object> fields = new HashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            return fields;
        }
        List<Object> list = (List<Object>) group;
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(String.valueOf(list.get(i)), list.get(i + 1));
        }
        return fields;
    }
}
