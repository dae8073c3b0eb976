package io.gleitzeit.ops.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code gleitzeit} subcommand in a JVM of its own, launched with this JVM's java binary and class path (the
 * distribution jar, or a test's class path), so that a fault test or the soak can SIGKILL it like a crash and start it
 * again with the same arguments. Its output is appended to a log file; it counts as started when a line containing
 * the ready marker appears.
 */
public final class ChildProcess implements AutoCloseable {
    private static final String MAIN_CLASS = "io.gleitzeit.ops.cli.GleitzeitCli";
    /**
     * JVM options of children started without their own: a small heap, and only the quick JIT tier (fault tests
     * restart children often, and start-up matters more to them than peak speed).
     */
    public static final List<String> QUICK_START_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final String name;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final String readyMarker;
    private final Path log;
    private final Duration startTimeout;
    private Process process;
    private int starts;
    private volatile boolean ready;

    private ChildProcess(String name, List<String> jvmOptions, List<String> arguments, String readyMarker, Path log,
                         Duration startTimeout) {
        this.name = name;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.readyMarker = readyMarker;
        this.log = log;
        this.startTimeout = startTimeout;
    }

    /**
     * Starts {@code gleitzeit <arguments>} and waits until its output shows {@code readyMarker}.
     *
     * @param name        a short name for messages (e.g. {@code node-1})
     * @param arguments   the subcommand and its options
     * @param readyMarker text of the line that says it is ready
     * @param log         file its output is appended to (over restarts)
     */
    public static ChildProcess start(String name, List<String> arguments, String readyMarker, Path log,
                                     Duration startTimeout) throws IOException, InterruptedException {
        return start(name, QUICK_START_JVM, arguments, readyMarker, log, startTimeout);
    }

    /**
     * As {@link #start(String, List, String, Path, Duration)}, with the child's JVM options (heap, JIT, GC) given.
     */
    public static ChildProcess start(String name, List<String> jvmOptions, List<String> arguments, String readyMarker,
                                     Path log, Duration startTimeout) throws IOException, InterruptedException {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("arguments: a gleitzeit subcommand is needed");
        }
        ChildProcess child = new ChildProcess(name, jvmOptions, arguments, readyMarker, log, startTimeout);
        child.launch();
        return child;
    }

    /** The java binary of this JVM ({@code ProcessHandle.current().info()}, else {@code java.home}). */
    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public String name() {
        return name;
    }

    /** The operating system's process id of the current incarnation. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many times it was started (1 before any restart). */
    public int starts() {
        return starts;
    }

    /** SIGKILL, as a crash: no shutdown hook runs. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Starts it again with the same arguments (after {@link #kill()}). */
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    /** Resident set size from {@code /proc/<pid>/status} (Linux); empty elsewhere or when it is not running. */
    public OptionalLong residentBytes() {
        if (!isAlive()) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process just ended
        }
        return OptionalLong.empty();
    }

    /** SIGTERM, so its shutdown hook closes connections; SIGKILL after ten seconds. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaCommand()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        command.addAll(arguments);
        Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
        starts++;
        ready = false;
        CountDownLatch settled = new CountDownLatch(1);
        Thread pump = new Thread(() -> pump(started, settled), "child-output-" + name + "-" + starts);
        pump.setDaemon(true);
        pump.start();
        process = started;
        if (!settled.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS) || !ready) {
            started.destroyForcibly();
            throw new IllegalStateException(name + " did not start (no '" + readyMarker + "' within "
                    + startTimeout.toSeconds() + " s); its output is in " + log);
        }
    }

    /** Copies the output to the log; {@code settled} opens at the ready line, or when the output ends first. */
    private void pump(Process started, CountDownLatch settled) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(),
                StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write("---- start " + starts + " of " + name + " (pid " + started.pid() + ")\n");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (!ready && line.contains(readyMarker)) {
                    ready = true;
                    settled.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended (or was killed) and its pipe closed
        } finally {
            settled.countDown();
        }
    }
}
