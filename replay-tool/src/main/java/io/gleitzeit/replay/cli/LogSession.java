package io.gleitzeit.replay.cli;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.replay.history.CommitDecoder;
import io.gleitzeit.replay.history.HistoryFile;
import io.gleitzeit.replay.history.RedisHistories;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * One command's connection to the log: a Redis client and connection, the key layout, the codec, and the readers
 * built on them. Closing it shuts the client down.
 */
public final class LogSession implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final KeyLayout keys;
    private final EventCodec codec = EventCodec.standard();
    private final CommitDecoder decoder = new CommitDecoder(codec);

    private LogSession(RedisClient client, StatefulRedisConnection<String, String> connection, KeyLayout keys) {
        this.client = client;
        this.connection = connection;
        this.keys = keys;
    }

    /** Connects to {@code uri}; the layout must be valid (checked by the caller, see {@link LogOptions}). */
    public static LogSession open(RedisURI uri, KeyLayout keys) {
        RedisClient client = RedisClient.create(uri);
        try {
            return new LogSession(client, client.connect(), keys);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            // host and port only: the URL may carry a password
            throw new CommandFailure("cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A layout of {@code prefix} and {@code partitions}, or an explanation of what is wrong with them. */
    public static KeyLayout layout(String prefix, int partitions) {
        return new KeyLayout(prefix, new PartitionScheme(partitions));
    }

    public RedisClient client() {
        return client;
    }

    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    public KeyLayout keys() {
        return keys;
    }

    public EventCodec codec() {
        return codec;
    }

    public CommitDecoder decoder() {
        return decoder;
    }

    /** Workflow histories as stored in this log. */
    public RedisHistories histories() {
        return new RedisHistories(redis(), keys, decoder);
    }

    /** The export-file format with this session's codec. */
    public HistoryFile historyFile() {
        return new HistoryFile(decoder);
    }

    /** The event log over this session's connection (for appends). */
    public RedisEventLog eventLog() {
        return new RedisEventLog(connection, keys, codec);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
