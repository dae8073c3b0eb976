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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis Cluster for one test class: {@code masters} primaries with one replica each, {@code redis-server}
 * processes on loopback ports in a temporary folder, joined with {@code redis-cli --cluster create …
 * --cluster-replicas 1 --cluster-yes}. Skips the test (an assumption) when {@code redis-server} or {@code redis-cli}
 * is missing. {@link #close()} stops every node and deletes the folder.
 */
public final class LocalRedisCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Path cli;
    private final List<LocalRedisServer> nodes = new ArrayList<>();

    private LocalRedisCluster(Path directory, Path cli) {
        this.directory = directory;
        this.cli = cli;
    }

    /** Starts {@code masters} primaries and as many replicas, and waits until the cluster reports {@code ok}. */
    public static LocalRedisCluster start(int masters) {
        Optional<Path> server = LocalRedisServer.findBinary();
        Assumptions.assumeTrue(server.isPresent(), "redis-server is not installed");
        Path cli = server.get().resolveSibling("redis-cli");
        Assumptions.assumeTrue(Files.isExecutable(cli), "redis-cli is not installed next to " + server.get());
        try {
            LocalRedisCluster cluster = new LocalRedisCluster(Files.createTempDirectory("gleitzeit-cluster-"), cli);
            try {
                cluster.launch(server.get(), masters);
            } catch (RuntimeException | IOException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(Path binary, int masters) throws IOException {
        for (int port : clusterPorts(masters * 2)) {
            Path dir = directory.resolve("node-" + port);
            nodes.add(LocalRedisServer.start(LocalRedisOptions.newBuilder()
                    .binary(binary).port(port).dataDirectory(dir).appendOnly(AppendOnlyMode.OFF)
                    .logFile(directory.resolve("node-" + port + ".log"))
                    .argument("--cluster-enabled", "yes")
                    .argument("--cluster-config-file", dir.resolve("nodes.conf").toString())
                    .argument("--cluster-node-timeout", "2000")
                    .build()));
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        cli(nodes.get(0).port(), create.toArray(String[]::new));
        awaitReady();
    }

    /** Ports p with p + 10000 (the cluster bus) free too, all below 55536. */
    private static List<Integer> clusterPorts(int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        int start = 20000 + ThreadLocalRandom.current().nextInt(20000);
        for (int port = start; ports.size() < count && port < 45000; port++) {
            if (free(port) && free(port + 10000)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IOException("no " + count + " free port pairs for a cluster from " + start);
        }
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            boolean ok = true;
            for (LocalRedisServer node : nodes) {
                if (node.isRunning() && !cli(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok")) {
                    ok = false;
                }
            }
            if (ok && primaries().size() == nodes.size() / 2 && replicasInSync()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not become ready within " + READY_TIMEOUT
                        + "; logs in " + directory);
            }
            sleep(200);
        }
    }

    private boolean replicasInSync() {
        for (LocalRedisServer node : nodes) {
            String info = cli(node.port(), "INFO", "replication");
            if (info.contains("role:slave") && !info.contains("master_link_status:up")) {
                return false;
            }
        }
        return true;
    }

    /** {@code redis-cluster://127.0.0.1:<p1>,127.0.0.1:<p2>,…} with every node as a seed. */
    public String uri() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port())
                .collect(Collectors.joining(","));
    }

    /** The ports of the nodes that are primaries now. */
    public List<Integer> primaries() {
        return nodes.stream().filter(LocalRedisServer::isRunning)
                .filter(n -> cli(n.port(), "ROLE").startsWith("master")).map(LocalRedisServer::port).toList();
    }

    /** The ports of the nodes that are replicas now. */
    public List<Integer> replicas() {
        return nodes.stream().filter(LocalRedisServer::isRunning)
                .filter(n -> cli(n.port(), "ROLE").startsWith("slave")).map(LocalRedisServer::port).toList();
    }

    /** The port of the primary serving {@code key}'s slot now. */
    public int primaryOf(String key) {
        int slot = Integer.parseInt(cli(nodes.get(0).port(), "CLUSTER", "KEYSLOT", key).strip());
        // CLUSTER NODES: <id> <ip:port@bus> <flags> <primary> <ping> <pong> <epoch> <link> <slot ranges…>
        for (String line : cli(nodes.get(0).port(), "CLUSTER", "NODES").lines().toList()) {
            String[] f = line.split(" ");
            if (!f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                }
            }
        }
        throw new IllegalStateException("no primary serves slot " + slot);
    }

    /**
     * Promotes the replica of the primary on {@code primaryPort} with {@code CLUSTER FAILOVER} (a coordinated
     * failover: the primary stops taking writes until the replica caught up) and waits until the roles swapped.
     *
     * @return the port of the new primary
     */
    public int failover(int primaryPort) {
        String primaryId = cli(primaryPort, "CLUSTER", "MYID").strip();
        for (int port : replicas()) {
            String info = cli(port, "CLUSTER", "NODES");
            boolean replicaOfIt = info.lines().anyMatch(l -> l.contains("myself") && l.contains(primaryId));
            if (replicaOfIt) {
                String reply = cli(port, "CLUSTER", "FAILOVER").strip();
                if (!reply.equals("OK")) {
                    throw new IllegalStateException("CLUSTER FAILOVER on " + port + " answered " + reply);
                }
                long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
                while (!cli(port, "ROLE").startsWith("master") || !cli(primaryPort, "ROLE").startsWith("slave")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("failover to " + port + " did not complete");
                    }
                    sleep(50);
                }
                awaitReady();
                return port;
            }
        }
        throw new IllegalStateException("no replica of the primary on " + primaryPort);
    }

    /** Runs {@code redis-cli -p port args…} and returns its output. */
    public String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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

    /** Stops every node and deletes the folder. */
    @Override
    public void close() {
        nodes.forEach(LocalRedisServer::kill);
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
