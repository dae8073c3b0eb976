package io.gleitzeit.redis.connect;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to Redis, whatever the topology: a single server's connection, or a cluster connection that routes
 * each command to the primary of its key's hash slot (and follows MOVED/ASK redirections). The commands offered are
 * the ones both have in common, so code written against a link runs unchanged on both.
 */
public final class RedisLink implements AutoCloseable {
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> async;
    private final RedisClusterCommands<String, String> sync;

    private RedisLink(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> async,
                      RedisClusterCommands<String, String> sync) {
        this.connection = connection;
        this.async = async;
        this.sync = sync;
    }

    /** A link over a single server's connection; closing the link closes it. */
    public static RedisLink of(StatefulRedisConnection<String, String> connection) {
        Objects.requireNonNull(connection, "connection");
        return new RedisLink(connection, connection.async(), connection.sync());
    }

    /** A link over a cluster connection; closing the link closes it. */
    public static RedisLink of(StatefulRedisClusterConnection<String, String> connection) {
        Objects.requireNonNull(connection, "connection");
        return new RedisLink(connection, connection.async(), connection.sync());
    }

    /** Asynchronous commands (safe for concurrent use). */
    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /** Blocking commands. */
    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    /** The Lettuce connection (for pipelining: {@code setAutoFlushCommands}, {@code flushCommands}). */
    public StatefulConnection<String, String> connection() {
        return connection;
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    public CompletableFuture<Void> closeAsync() {
        return connection.closeAsync();
    }

    @Override
    public void close() {
        connection.close();
    }
}
