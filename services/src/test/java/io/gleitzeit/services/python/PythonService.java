package io.gleitzeit.services.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python runner ({@code python3 -m gleitzeit_sdk.run}) as a child process, with the example module and the
 * test's gate functions; its output goes to a log file under {@code target/} that failures can show.
 */
final class PythonService implements AutoCloseable {
    static final String NODE_ID = "py-1";
    static final String NAME = "py-service";
    static final String TOKEN = "service-token";

    private final Process process;
    private final Path log;

    private PythonService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the runner against the given hubs with short intervals (heartbeat 0.2 s, reconnect 0.1–0.4 s, ack
     * timeout 1 s), so reconnects and re-sends happen within a test.
     */
    static PythonService start(String testName, List<String> hubUrls, String... extraArguments) {
        Path sdk = PythonInterpreter.sdkDirectory();
        List<String> command = new ArrayList<>(List.of(PythonInterpreter.PATH, "-m", "gleitzeit_sdk.run"));
        for (String url : hubUrls) {
            command.addAll(List.of("--hub", url));
        }
        command.addAll(List.of("--token", TOKEN, "--module", "text_tools", "--module", "gate_functions",
                "--name", NAME, "--node-id", NODE_ID, "--max-concurrent", "2", "--heartbeat-interval", "0.2",
                "--reconnect-min", "0.1", "--reconnect-max", "0.4", "--connect-timeout", "2", "--ack-timeout", "1",
                "--shutdown-timeout", "2", "--log-level", "DEBUG"));
        command.addAll(List.of(extraArguments));
        try {
            Path logs = Files.createDirectories(Path.of("target", "python-sdk-logs"));
            Path log = logs.resolve(testName + ".log").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(command).directory(sdk.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("PYTHONPATH", String.join(java.io.File.pathSeparator,
                    sdk.resolve("src").toString(), sdk.resolve("examples").toString(),
                    sdk.resolve("tests").resolve("fixtures").toString()));
            builder.environment().put("PYTHONUNBUFFERED", "1");
            builder.environment().remove("GLEITZEIT_HUB_URL");
            builder.environment().remove("GLEITZEIT_TOKEN");
            return new PythonService(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the runner logged so far, for failure messages. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Sends SIGTERM and waits for the runner's graceful shutdown; its exit code, or -1 when it did not end. */
    int terminate(Duration patience) throws InterruptedException {
        process.destroy();
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM (a graceful shutdown), then a forced kill if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
