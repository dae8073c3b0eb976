package io.gleitzeit.testing.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * A {@code redis-server} owned by one test (see {@link TestRedis#startDedicated()}): empty, on 127.0.0.1, without
 * persistence, so a restart loses every key, script and consumer group, as a failover to an empty replica would.
 */
public final class DedicatedRedis implements AutoCloseable {
    private final RedisServerProcess process;
    private final RedisClient client;

    DedicatedRedis(RedisServerProcess process) {
        this.process = process;
        RedisURI uri = process.uri();
        uri.setTimeout(Duration.ofSeconds(10));
        this.client = RedisClient.create(uri);
    }

    public RedisURI uri() {
        return process.uri();
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
        process.stop();
    }

    /** Kills the server (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    /** Stops the server if it runs and starts it again, empty, on the same port. */
    public void restart() {
        process.restart();
    }

    @Override
    public void close() {
        client.shutdown();
        process.close();
    }
}
