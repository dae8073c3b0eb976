package io.gleitzeit.testing.redis;

import io.gleitzeit.redis.local.LocalRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * A {@code redis-server} owned by one test (see {@link TestRedis#startDedicated()}): empty, on 127.0.0.1, without
 * persistence, so a restart loses every key, script and consumer group, as a failover to an empty replica would.
 */
public final class DedicatedRedis implements AutoCloseable {
    private final LocalRedisServer process;
    private final RedisClient client;

    DedicatedRedis(LocalRedisServer process) {
        this.process = process;
        RedisURI uri = uri();
        uri.setTimeout(Duration.ofSeconds(10));
        this.client = RedisClient.create(uri);
    }

    public RedisURI uri() {
        return RedisURI.create(process.url());
    }

    public int port() {
        return process.port();
    }

    /** A client for this server, reconnecting across restarts; shut down with the server. */
    public RedisClient client() {
        return client;
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** Stops the server cleanly (SIGTERM). */
    public void stop() {
        process.close();
    }

    /** Kills the server (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    /** Stops the server if it runs and starts it again, empty, on the same port. */
    public void restart() {
        try {
            process.restart();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.shutdown();
        process.close();
    }
}
