package io.gleitzeit.projections.internal;

import io.gleitzeit.projections.ModelKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.gleitzeit.redis.connect.RedisLink;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Reads a read model's current generation for the views: the pointer (GET) and then one HGETALL, HMGET or ZREVRANGE.
 * Before a model's first batch there is no generation, and every read is empty.
 */
public final class ModelReader {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ModelKeys keys;

    public ModelReader(StatefulRedisConnection<String, String> connection, ModelKeys keys) {
        this(RedisLink.of(Objects.requireNonNull(connection, "connection")), keys);
    }

    /** Over a link (a server's or a cluster's) the caller keeps and closes. */
    public ModelReader(RedisLink connection, ModelKeys keys) {
        this.redis = Objects.requireNonNull(connection, "connection").async();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The generation readers use now. */
    public CompletionStage<OptionalLong> generation() {
        return redis.get(keys.current()).thenApply(g -> g == null ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(g)));
    }

    /** Every field of the model's hash {@code name}. */
    public CompletionStage<Map<String, String>> hash(String name) {
        return inCurrent(g -> redis.hgetall(keys.key(g, name)), Map.of());
    }

    /** The values of the given fields of the model's hash {@code name} that exist, in the fields' order. */
    public CompletionStage<List<String>> values(String name, List<String> fields) {
        if (fields.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return inCurrent(g -> redis.hmget(keys.key(g, name), fields.toArray(String[]::new))
                .thenApply(ModelReader::present), List.of());
    }

    /** Up to {@code limit} members of the model's sorted set {@code name}, highest score first. */
    public CompletionStage<List<String>> highest(String name, int limit) {
        return inCurrent(g -> redis.zrevrange(keys.key(g, name), 0, limit - 1L), List.of());
    }

    private <T> CompletionStage<T> inCurrent(Function<Long, CompletionStage<T>> read, T none) {
        return generation().thenCompose(g -> g.isPresent() ? read.apply(g.getAsLong())
                : CompletableFuture.completedFuture(none));
    }

    private static List<String> present(List<KeyValue<String, String>> values) {
        List<String> found = new ArrayList<>(values.size());
        values.stream().filter(KeyValue::hasValue).forEach(kv -> found.add(kv.getValue()));
        return found;
    }
}
