package io.gleitzeit.testing.redis;

import io.gleitzeit.redis.local.AppendOnlyMode;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Sentinel-managed primary for one test: a primary, one replica and one sentinel ({@code redis-server
 * --sentinel}), processes on loopback in a temporary folder. Skips the test when {@code redis-server} or
 * {@code redis-cli} is missing. {@link #close()} stops them and deletes the folder.
 */
public final class LocalRedisSentinel implements AutoCloseable {
    /** The name the sentinel knows the primary by. */
    public static final String PRIMARY_NAME = "gleitzeit";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Path cli;
    private final List<LocalRedisServer> servers = new ArrayList<>();
    private Process sentinel;
    private int sentinelPort;

    private LocalRedisSentinel(Path directory, Path cli) {
        this.directory = directory;
        this.cli = cli;
    }

    /** Starts the primary, the replica and the sentinel; returns once the sentinel sees both. */
    public static LocalRedisSentinel start() {
        Optional<Path> server = LocalRedisServer.findBinary();
        Assumptions.assumeTrue(server.isPresent(), "redis-server is not installed");
        Path cli = server.get().resolveSibling("redis-cli");
        Assumptions.assumeTrue(Files.isExecutable(cli), "redis-cli is not installed next to " + server.get());
        try {
            LocalRedisSentinel set = new LocalRedisSentinel(Files.createTempDirectory("gleitzeit-sentinel-"), cli);
            try {
                set.launch(server.get());
            } catch (RuntimeException | IOException e) {
                set.close();
                throw e;
            }
            return set;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(Path binary) throws IOException {
        LocalRedisServer primary = LocalRedisServer.start(LocalRedisOptions.newBuilder().binary(binary)
                .dataDirectory(directory.resolve("primary")).appendOnly(AppendOnlyMode.OFF)
                .logFile(directory.resolve("primary.log")).build());
        servers.add(primary);
        servers.add(LocalRedisServer.start(LocalRedisOptions.newBuilder().binary(binary)
                .dataDirectory(directory.resolve("replica")).appendOnly(AppendOnlyMode.OFF)
                .logFile(directory.resolve("replica.log"))
                .argument("--replicaof", "127.0.0.1 " + primary.port()).build()));
        sentinelPort = freePort();
        Path config = directory.resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "port " + sentinelPort,
                "bind 127.0.0.1",
                "dir " + directory.toAbsolutePath(),
                "sentinel monitor " + PRIMARY_NAME + " 127.0.0.1 " + primary.port() + " 1",
                "sentinel down-after-milliseconds " + PRIMARY_NAME + " 1000",
                "sentinel failover-timeout " + PRIMARY_NAME + " 10000",
                ""));
        sentinel = new ProcessBuilder(binary.toString(), config.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(directory.resolve("sentinel.log").toFile()).start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!sentinelKnowsReplica()) {
            if (System.nanoTime() > deadline || !sentinel.isAlive()) {
                throw new IllegalStateException("the sentinel did not see the replica; logs in " + directory);
            }
            sleep(100);
        }
    }

    private boolean sentinelKnowsReplica() {
        try {
            String replicas = cli(sentinelPort, "SENTINEL", "REPLICAS", PRIMARY_NAME);
            return replicas.contains("master-link-status\nok") && !replicas.contains("s_down");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:<sentinel port>#gleitzeit}. */
    public String uri() {
        return "redis-sentinel://127.0.0.1:" + sentinelPort + "#" + PRIMARY_NAME;
    }

    /** The port of the server the sentinel names as primary now. */
    public int primaryPort() {
        String[] reply = cli(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", PRIMARY_NAME).strip().split("\n");
        return Integer.parseInt(reply[1].strip());
    }

    /**
     * Asks the sentinel to fail over ({@code SENTINEL FAILOVER}) and waits until it names the other server and that
     * server answers as primary.
     *
     * @return the port of the new primary
     */
    public int failover() {
        int before = primaryPort();
        String reply = cli(sentinelPort, "SENTINEL", "FAILOVER", PRIMARY_NAME).strip();
        if (!reply.equals("OK")) {
            throw new IllegalStateException("SENTINEL FAILOVER answered " + reply);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            int now = primaryPort();
            if (now != before && cli(now, "ROLE").startsWith("master")) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the failover did not complete; logs in " + directory);
            }
            sleep(100);
        }
    }

    private String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " failed");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("redis-cli " + String.join(" ", args) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (sentinel != null) {
            sentinel.destroyForcibly();
        }
        servers.forEach(LocalRedisServer::kill);
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
