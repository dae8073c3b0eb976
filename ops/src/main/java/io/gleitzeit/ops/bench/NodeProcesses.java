package io.gleitzeit.ops.bench;

import io.gleitzeit.ops.soak.ChildProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes as separate {@code gleitzeit orchestrator} processes (this JVM's {@code java} and class path, full JIT), as
 * they run in production: their CPU is measured per process, and services and clients reach them over loopback
 * sockets. Their output goes to {@code node-<i>.log} in the work directory.
 */
final class NodeProcesses implements BenchNodes {
    /** The line {@code gleitzeit orchestrator} prints once its hub listens. */
    static final String READY = "running: hub on";
    /** A heap large enough for a node under the bench's load; the default JIT and collector. */
    static final List<String> JVM = List.of("-Xmx512m");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final List<ChildProcess> children = new ArrayList<>();
    private final List<String> hubUrls = new ArrayList<>();

    private NodeProcesses() {
    }

    static NodeProcesses start(String redisUrl, String runId, String prefix, int count, int partitions,
                               Path workDirectory) throws IOException, InterruptedException {
        Files.createDirectories(workDirectory);
        NodeProcesses started = new NodeProcesses();
        try {
            for (int i = 1; i <= count; i++) {
                int port = freePort();
                started.children.add(ChildProcess.start("node-" + i, JVM, List.of("orchestrator",
                        "--redis", redisUrl, "--prefix", prefix, "--partitions", Integer.toString(partitions),
                        "--replica-id", "bench-" + runId + "-" + i, "--host", "127.0.0.1",
                        "--port", Integer.toString(port), "--http-port", "0", "--auth", "off"), READY,
                        workDirectory.resolve("node-" + i + ".log"), START_TIMEOUT));
                started.hubUrls.add("http://127.0.0.1:" + port);
            }
            return started;
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public List<String> hubUrls() {
        return List.copyOf(hubUrls);
    }

    @Override
    public List<ProcessCpu> processes() {
        return children.stream().filter(ChildProcess::isAlive).map(c -> new ProcessCpu(c.name(), c.pid())).toList();
    }

    @Override
    public String benchJvmComponent() {
        return "bench: clients, services";
    }

    /** SIGTERM to each (it finishes what it holds and exits), SIGKILL after ten seconds. */
    @Override
    public void close() throws InterruptedException {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
    }
}
