package io.gleitzeit.ops.cli;

import io.gleitzeit.redis.local.AppendOnlyMode;
import io.gleitzeit.redis.local.EmbeddedRedisBinary;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import io.gleitzeit.redis.connect.RedisEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Redis is, shared by every command: a URL, or a local redis-server started on demand. */
final class RedisOptions {
    static final int LOCAL_PORT = LocalRedisServer.ALL_IN_ONE_PORT;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis URL (env GLEITZEIT_REDIS_URL): redis://host:port, rediss://… (TLS), "
                    + "redis-socket:///path, redis-sentinel://host:26379,host:26380#primary, "
                    + "redis-cluster://host:port,host:port (docs/operations.md). "
                    + "Unset: a local redis-server on port " + LOCAL_PORT + " with data in ./.gleitzeit/redis.")
    String url;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:GLEITZEIT_KEY_PREFIX:-gz:}",
            description = "Prefix of every Redis key (env GLEITZEIT_KEY_PREFIX; default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "${env:GLEITZEIT_PARTITIONS:-8}",
            description = "Stream partitions; fixed for the life of a deployment (env GLEITZEIT_PARTITIONS; "
                    + "default: ${DEFAULT-VALUE}).")
    int partitions;

    /** The URL to use; validates it. */
    String resolvedUrl() {
        String value = url != null ? url : System.getenv("GLEITZEIT_REDIS_URL");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            RedisEndpoint.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis: " + e.getMessage());
        }
        return value;
    }

    /**
     * The configured Redis, or a local one started for this process (owned by the returned handle, which stops it
     * on close).
     */
    RedisHandle open(PrintWriter out) throws IOException {
        String configured = resolvedUrl();
        if (configured != null) {
            return new RedisHandle(configured, null);
        }
        Path binary = EmbeddedRedisBinary.findAny().orElseThrow(() -> new IOException(
                "no Redis configured and no redis-server found: set --redis / GLEITZEIT_REDIS_URL, "
                        + "or install redis-server (apt-get install redis-server)"));
        Path dir = Path.of(".gleitzeit", "redis");
        LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.newBuilder()
                .binary(binary).port(LOCAL_PORT).dataDirectory(dir).appendOnly(AppendOnlyMode.EVERY_SECOND)
                .logFile(dir.resolve("redis.log")).build());
        out.println("started a local redis-server at " + server.url() + " (data in " + dir + ")");
        out.flush();
        return new RedisHandle(server.url(), server);
    }

    /** A Redis URL and, when this process started it, the server to stop. */
    record RedisHandle(String url, LocalRedisServer owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned != null) {
                owned.close();
            }
        }
    }
}
