package io.gleitzeit.testing.redis;

import io.lettuce.core.RedisURI;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on 127.0.0.1, without persistence, that can be stopped, killed and restarted
 * on the same port. A JVM shutdown hook kills it if nobody stopped it.
 */
final class RedisServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;

    private final Path binary;
    private final int port;
    private final Path directory;
    private final Thread shutdownHook;
    private volatile Process process;

    private RedisServerProcess(Path binary, int port, Path directory) {
        this.binary = binary;
        this.port = port;
        this.directory = directory;
        this.shutdownHook = new Thread(this::killAndClean, "redis-server-" + port + "-shutdown");
    }

    /** {@code REDIS_SERVER_BIN}, else {@code redis-server} on the {@code PATH}. */
    static Optional<Path> findBinary() {
        String explicit = System.getenv("REDIS_SERVER_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts a server on a free port (a few ports are tried: another process may take one between probe and bind). */
    static RedisServerProcess start(Path binary) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            RedisServerProcess server;
            try {
                server = new RedisServerProcess(binary, freePort(), Files.createTempDirectory("gleitzeit-redis-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                server.launch();
                Runtime.getRuntime().addShutdownHook(server.shutdownHook);
                return server;
            } catch (IllegalStateException e) {
                server.killAndClean();
                last = e;
            }
        }
        throw last;
    }

    int port() {
        return port;
    }

    RedisURI uri() {
        return RedisURI.create("127.0.0.1", port);
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Stops the server the way an operator would (SIGTERM: Redis shuts down cleanly, without saving here). */
    void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            awaitExit(p);
        }
    }

    /** Kills the server without warning (SIGKILL), as a crash would. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            awaitExit(p);
        }
    }

    /** Stops the server if it runs and starts it again, empty, on the same port. */
    void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
        deleteDirectory();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway; nothing to undo.
        }
    }

    private void killAndClean() {
        kill();
        deleteDirectory();
    }

    /** Removes the server's working directory (its log; nothing is persisted). */
    private void deleteDirectory() {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    private void launch() {
        Path log = directory.resolve("redis.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", directory.toString(), "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        awaitReady(log);
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited: " + tail(log));
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " not ready after " + READY_TIMEOUT);
    }

    /** True when the server on our port is this process (not another one that took the port first). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String header = readLine(in);
            if (!header.startsWith("$")) {
                return false;
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            return new String(body, StandardCharsets.US_ASCII).contains("process_id:" + process.pid() + "\r\n");
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static void awaitExit(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
