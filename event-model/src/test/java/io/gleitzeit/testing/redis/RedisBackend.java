package io.gleitzeit.testing.redis;

import io.gleitzeit.redis.local.EmbeddedRedisBinary;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis of one test run, chosen once (see {@link RedisExtension}), or the reason why there is none. Closing it
 * shuts the client down and stops a server the run started.
 */
final class RedisBackend implements AutoCloseable {
    static final String MINIMUM_VERSION = "6.2.0";
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackend.class);

    private final RedisURI uri;
    private final RedisClient client;
    private final AutoCloseable server;
    private final String description;

    private RedisBackend(RedisURI uri, RedisClient client, AutoCloseable server, String description) {
        this.uri = uri;
        this.client = client;
        this.server = server;
        this.description = description;
    }

    private static RedisBackend unavailable(String reason) {
        LOG.warn("Redis tests will be skipped: {}", reason);
        return new RedisBackend(null, null, () -> { }, reason);
    }

    /** Tries each source in order and keeps the first that answers with a recent enough Redis. */
    static RedisBackend select() {
        List<String> tried = new ArrayList<>();
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            return connect(RedisURI.create(url), () -> { }, "from REDIS_URL");
        }
        tried.add("REDIS_URL unset");
        Optional<RedisBackend> container = fromContainer(tried);
        if (container.isPresent()) {
            return container.get();
        }
        Optional<java.nio.file.Path> binary;
        try {
            binary = EmbeddedRedisBinary.findAny();
        } catch (java.io.IOException e) {
            tried.add("extracting the embedded redis-server failed: " + e.getMessage());
            binary = Optional.empty();
        }
        if (binary.isPresent()) {
            try {
                LocalRedisServer server = startServer(binary.get());
                return connect(RedisURI.create(server.url()), server,
                        "from " + binary.get() + " on port " + server.port());
            } catch (RuntimeException e) {
                LOG.warn("could not start {}", binary.get(), e);
                tried.add("starting " + binary.get() + " failed: " + e.getMessage());
            }
        } else {
            String explicit = System.getenv("REDIS_SERVER_BIN");
            tried.add(explicit == null || explicit.isBlank()
                    ? "no redis-server on PATH, REDIS_SERVER_BIN unset, and no embedded binary for this machine"
                    : "REDIS_SERVER_BIN=" + explicit + " is not an executable file");
        }
        return unavailable(String.join("; ", tried));
    }

    /** A fresh server without persistence on a free loopback port. */
    static LocalRedisServer startServer(java.nio.file.Path binary) {
        try {
            return LocalRedisServer.start(LocalRedisOptions.newBuilder().binary(binary)
                    .dataDirectory(java.nio.file.Files.createTempDirectory("gleitzeit-redis-")).build());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<RedisBackend> fromContainer(List<String> tried) {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
        } catch (ClassNotFoundException e) {
            tried.add("Testcontainers not on the test classpath");
            return Optional.empty();
        }
        Optional<ContainerRedis> container = ContainerRedis.startIfDockerAvailable();
        if (container.isEmpty()) {
            tried.add("no Docker engine");
            return Optional.empty();
        }
        return Optional.of(connect(container.get().uri(), container.get(), "from Testcontainers (redis:7.0)"));
    }

    /** Connects, checks the version, and describes the outcome; a failure becomes an unavailable backend. */
    private static RedisBackend connect(RedisURI uri, AutoCloseable server, String source) {
        uri.setTimeout(Duration.ofSeconds(10));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String version = versionOf(connection.sync().info("server"));
            if (compareVersions(version, MINIMUM_VERSION) < 0) {
                closeQuietly(client, server);
                return unavailable("Redis " + version + " " + source + " is older than " + MINIMUM_VERSION
                        + " (XAUTOCLAIM is needed)");
            }
            return new RedisBackend(uri, client, server, version + " at " + uri + " " + source);
        } catch (RuntimeException e) {
            closeQuietly(client, server);
            return unavailable("cannot reach Redis at " + uri + " " + source + ": " + e.getMessage());
        }
    }

    static String versionOf(String infoServer) {
        return infoServer.lines()
                .filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).trim())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("INFO server has no redis_version"));
    }

    /** Compares dotted versions numerically ({@code 6.10.0 > 6.2.0}). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? leadingNumber(x[i]) : 0, i < y.length ? leadingNumber(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int leadingNumber(String part) {
        int end = 0;
        while (end < part.length() && Character.isDigit(part.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
    }

    private static void closeQuietly(RedisClient client, AutoCloseable server) {
        client.shutdown();
        try {
            server.close();
        } catch (Exception e) {
            LOG.warn("could not stop the test Redis", e);
        }
    }

    boolean isAvailable() {
        return client != null;
    }

    /** Where Redis is (when available) or why there is none. */
    String description() {
        return description;
    }

    RedisURI uri() {
        return uri;
    }

    RedisClient client() {
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            closeQuietly(client, server);
        }
    }
}
