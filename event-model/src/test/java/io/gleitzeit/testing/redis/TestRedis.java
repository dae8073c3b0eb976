package io.gleitzeit.testing.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link RedisTest} gets: where Redis is, a client, and a key prefix of its own ({@code gzt:<random>:}).
 * After the test, connections opened through {@link #connect()} are closed, dedicated servers stopped, and every key
 * under the prefix deleted (SCAN + UNLINK). Nothing else is ever deleted: the server may be shared.
 */
public final class TestRedis {
    private static final Logger LOG = LoggerFactory.getLogger(TestRedis.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisBackend backend;
    private final String prefix;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    TestRedis(RedisBackend backend) {
        this.backend = backend;
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        this.prefix = "gzt:" + HexFormat.of().formatHex(random) + ":";
    }

    /** Where the run's Redis is. */
    public RedisURI uri() {
        return backend.uri();
    }

    /** The run's client. Shared by all tests: do not shut it down. */
    public RedisClient client() {
        return backend.client();
    }

    /** This test's key prefix, {@code gzt:<random>:}; every key the test creates must start with it. */
    public String prefix() {
        return prefix;
    }

    /** {@code prefix() + suffix}. */
    public String key(String suffix) {
        return prefix + suffix;
    }

    /** A new connection, closed after the test. */
    public synchronized StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> connection = client().connect();
        resources.push(connection);
        return connection;
    }

    /**
     * Starts a {@code redis-server} of the test's own, for tests that stop, kill or restart their server (or must
     * see nobody else's commands). Stopped after the test. Skips the test when no {@code redis-server} binary is
     * available (e.g. when Redis comes from {@code REDIS_URL} or a container).
     */
    public synchronized DedicatedRedis startDedicated() {
        java.util.Optional<java.nio.file.Path> binary;
        try {
            binary = io.gleitzeit.redis.local.EmbeddedRedisBinary.findAny();
        } catch (java.io.IOException e) {
            binary = java.util.Optional.empty();
        }
        Assumptions.assumeTrue(binary.isPresent(),
                "a dedicated Redis needs redis-server on PATH, REDIS_SERVER_BIN, or the embedded binary");
        DedicatedRedis dedicated = new DedicatedRedis(RedisBackend.startServer(binary.get()));
        resources.push(dedicated);
        return dedicated;
    }

    /** Closes what the test opened and deletes its keys. */
    synchronized void cleanUp() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("could not close a test resource", e);
            }
        }
        try (StatefulRedisConnection<String, String> connection = client().connect()) {
            deleteKeys(connection.sync());
        }
    }

    private void deleteKeys(RedisCommands<String, String> redis) {
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
