package io.gleitzeit.redis.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process on loopback, owned by this JVM: the zero-install default of the all-in-one mode and
 * the Redis of the tests. Started with no persistence unless a data directory and an append-only mode are given.
 */
public final class LocalRedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    /**
     * The port of the all-in-one default Redis (started by {@code gleitzeit orchestrator} when none is configured);
     * tools that read the same log default to it.
     */
    public static final int ALL_IN_ONE_PORT = 6390;

    /** {@code redis://127.0.0.1:<ALL_IN_ONE_PORT>}. */
    public static final String ALL_IN_ONE_URL = "redis://127.0.0.1:" + ALL_IN_ONE_PORT;

    private final LocalRedisOptions options;
    private final int port;
    private Process process;

    private LocalRedisServer(LocalRedisOptions options, int port) {
        this.options = options;
        this.port = port;
    }

    /** The {@code redis-server} binary: {@code REDIS_SERVER_BIN}, else the first one on {@code PATH}. */
    public static Optional<Path> findBinary() {
        String explicit = System.getenv("REDIS_SERVER_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts a server and waits until it answers PING. */
    public static LocalRedisServer start(LocalRedisOptions options) throws IOException {
        int port = options.port() == 0 ? freePort() : options.port();
        LocalRedisServer server = new LocalRedisServer(options, port);
        server.launch();
        return server;
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Whether the process is alive. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Starts it again on the same port with the same options (after {@link #kill()} or {@link #close()}). */
    public void restart() throws IOException {
        kill();
        launch();
    }

    /** Stops it: SHUTDOWN (so an append-only file is flushed), then the process is reaped. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            command("SHUTDOWN");
        } catch (IOException expected) {
            // the server closes the connection while shutting down
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        waitFor(process);
    }

    private void launch() throws IOException {
        Path binary = options.binary() != null ? options.binary()
                : findBinary().orElseThrow(() -> new IOException(
                        "no redis-server found: install it (apt-get install redis-server) or set REDIS_SERVER_BIN"));
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--protected-mode", "no"));
        if (options.dataDirectory() != null) {
            Files.createDirectories(options.dataDirectory());
            cmd.addAll(List.of("--dir", options.dataDirectory().toAbsolutePath().toString()));
        }
        switch (options.appendOnly()) {
            case OFF -> cmd.addAll(List.of("--appendonly", "no"));
            case EVERY_SECOND -> cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec"));
            case ALWAYS -> cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
            default -> throw new IllegalStateException("unknown append-only mode " + options.appendOnly());
        }
        cmd.addAll(options.extraArguments());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(options.logFile() != null
                ? ProcessBuilder.Redirect.appendTo(options.logFile().toFile())
                : ProcessBuilder.Redirect.DISCARD);
        process = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port
                        + (options.logFile() != null ? "; see " + options.logFile() : ""));
            }
            try {
                if (command("PING").startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on port " + port + " within " + START_TIMEOUT, last);
    }

    /** Sends one inline command and returns the first reply line. */
    private String command(String inline) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
