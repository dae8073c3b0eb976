package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.redis.connect.RedisConnector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An orchestrator replica in a JVM of its own, for fault tests where a process dies: {@link #start} launches this
 * class's {@link #main} with the test's class path; {@link #kill()} is SIGKILL, {@link #close()} SIGTERM (the
 * replica stops gracefully in its shutdown hook).
 */
final class ReplicaProcess implements AutoCloseable {
    static final String READY = "replica ready";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String replicaId;
    private final Process process;

    private ReplicaProcess(String replicaId, Process process) {
        this.replicaId = replicaId;
        this.process = process;
    }

    /** Routing of the simulated service every replica of these tests dispatches to. */
    static RoutingSource simulatedRouting() {
        return RoutingSource.fixed(RoutingSnapshot.of(ServiceCandidate
                .newBuilder("sim-1", "simulated", "hub-test")
                .serviceType("function").taskTypes("python_execution").maxConcurrent(1_000_000).build()));
    }

    /** Options of every replica of these tests (short claim-idle, so a dead one's commands move on quickly). */
    static ReplicaOptions options(String replicaId, String prefix, int partitions) {
        return ReplicaOptions.newBuilder().replicaId(replicaId).keyPrefix(prefix)
                .partitions(partitions).batchSize(16).claimIdle(Duration.ofMillis(800))
                .timerInterval(Duration.ofMillis(20)).build();
    }

    /** Starts a replica process on {@code redisUri} and waits until it has joined the group. */
    static ReplicaProcess start(String redisUri, String prefix, int partitions, String replicaId, Path log)
            throws IOException, InterruptedException {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(javaBinary, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ReplicaProcess.class.getName(),
                redisUri, prefix, Integer.toString(partitions), replicaId))
                .redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.equals(READY)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "replica-output-" + replicaId);
        pump.setDaemon(true);
        pump.start();
        if (!ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("replica process " + replicaId + " did not start; see " + log);
        }
        return new ReplicaProcess(replicaId, process);
    }

    String replicaId() {
        return replicaId;
    }

    /** SIGKILL: no shutdown hook runs, nothing in flight is acknowledged. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the graceful stop. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** {@code <redis uri> <key prefix> <partitions> <replica id>}: runs one replica until SIGTERM. */
    public static void main(String[] args) throws InterruptedException {
        RedisConnector connector = RedisConnector.open(args[0]);
        OrchestratorReplica replica = new OrchestratorReplica(connector,
                options(args[3], args[1], Integer.parseInt(args[2])), simulatedRouting());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            replica.close();
            connector.close();
            stopped.countDown();
        }));
        replica.start().toCompletableFuture().join();
        System.out.println(READY);
        System.out.flush();
        stopped.await();
    }
}
