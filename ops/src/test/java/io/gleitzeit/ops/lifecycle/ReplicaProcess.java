package io.gleitzeit.ops.lifecycle;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code gleitzeit orchestrator} replica as a separate JVM, started with the test's class path (the built
 * classes and every dependency) on a fixed hub port so it can be restarted where services expect it. Its output goes
 * to a log file in the test's folder.
 */
final class ReplicaProcess implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(90);

    private final String replicaId;
    private final int port;
    private final List<String> arguments;
    private final Path logDirectory;
    private Process process;
    private Path log;
    private int starts;

    ReplicaProcess(String replicaId, int port, List<String> arguments, Path logDirectory) {
        this.replicaId = replicaId;
        this.port = port;
        this.arguments = List.copyOf(arguments);
        this.logDirectory = logDirectory;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the JVM and waits until it reports its hub running. */
    void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.gleitzeit.ops.cli.GleitzeitCli", "orchestrator",
                "--replica-id", replicaId, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--http-port", "0"));
        command.addAll(arguments);
        log = logDirectory.resolve(replicaId + "-" + (++starts) + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(replicaId + " exited at start: " + output());
            }
            return output().contains("orchestrator " + replicaId + " running");
        });
    }

    /**
     * Sends SIGTERM and waits for the exit.
     *
     * @return the exit status (143 after a graceful stop on SIGTERM; 1 when --shutdown-timeout cut it short)
     */
    int terminate(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(replicaId + " did not exit within " + within + ": " + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
