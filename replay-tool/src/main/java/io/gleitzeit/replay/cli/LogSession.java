package io.gleitzeit.replay.cli;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisEndpoint;
import io.gleitzeit.redis.connect.RedisLink;
import io.gleitzeit.replay.history.CommitDecoder;
import io.gleitzeit.replay.history.HistoryFile;
import io.gleitzeit.replay.history.RedisHistories;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * One command's connection to the log, on any Redis topology (a server, a Sentinel-managed primary, Redis Cluster):
 * a connector and a connection, the key layout, the codec, and the readers built on them. Closing it shuts the
 * connector down.
 */
public final class LogSession implements AutoCloseable {
    private final RedisConnector connector;
    private final RedisLink connection;
    private final KeyLayout keys;
    private final EventCodec codec = EventCodec.standard();
    private final CommitDecoder decoder = new CommitDecoder(codec);

    private LogSession(RedisConnector connector, RedisLink connection, KeyLayout keys) {
        this.connector = connector;
        this.connection = connection;
        this.keys = keys;
    }

    /** Connects to {@code endpoint}; the layout must be valid (checked by the caller, see {@link LogOptions}). */
    public static LogSession open(RedisEndpoint endpoint, KeyLayout keys) {
        RedisConnector connector = RedisConnector.open(endpoint);
        try {
            return new LogSession(connector, connector.connect(), keys);
        } catch (RuntimeException e) {
            connector.close();
            // the description names hosts and ports only: the URL may carry a password
            throw new CommandFailure("cannot connect to Redis at " + where(endpoint) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where {@code endpoint} is, for messages, without credentials: {@code host:port} for one server (or its socket
     * path), {@code sentinel …#primary} or {@code cluster host:port,…} otherwise.
     */
    public static String where(RedisEndpoint endpoint) {
        String description = endpoint.describe();
        return endpoint.topology() == RedisEndpoint.Topology.STANDALONE
                ? description.substring(description.indexOf(' ') + 1) : description;
    }

    /** A layout of {@code prefix} and {@code partitions}, or an explanation of what is wrong with them. */
    public static KeyLayout layout(String prefix, int partitions) {
        return new KeyLayout(prefix, new PartitionScheme(partitions));
    }

    /** Opens further connections (consumer groups, blocking reads). */
    public RedisConnector connector() {
        return connector;
    }

    public RedisLink connection() {
        return connection;
    }

    /** Blocking commands; on a cluster each goes to the primary of its key's slot. */
    public RedisClusterCommands<String, String> redis() {
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
        connector.close();
    }
}
