package io.gleitzeit.testing.postgres;

import io.gleitzeit.services.sdk.TestHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A PostgreSQL cluster of its own in a temporary directory; closing it stops it and deletes the directory. */
final class PostgresCluster implements AutoCloseable {
    private static final String SUPERUSER = "gleitzeit";
    private static final String RUN_AS = "postgres";

    private final PostgresBinaries binaries;
    private final Path root;
    private final List<String> runAs;
    private final TestPostgres server;
    private boolean closed;

    private PostgresCluster(PostgresBinaries binaries, Path root, List<String> runAs, TestPostgres server) {
        this.binaries = binaries;
        this.root = root;
        this.runAs = runAs;
        this.server = server;
    }

    TestPostgres server() {
        return server;
    }

    static PostgresCluster start(PostgresBinaries binaries) {
        try {
            Path root = Files.createTempDirectory("gleitzeit-pg-");
            String password = UUID.randomUUID().toString();
            Path passwordFile = Files.writeString(root.resolve("superuser-password"), password);
            List<String> runAs = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // PostgreSQL refuses to run as root; Debian's package creates the postgres user for it.
                UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(RUN_AS);
                Files.setOwner(root, owner);
                Files.setOwner(passwordFile, owner);
                runAs.addAll(List.of("runuser", "-u", RUN_AS, "--"));
            }
            int port = TestHub.freePort();
            PostgresCluster cluster = new PostgresCluster(binaries, root, runAs,
                    new TestPostgres(port, SUPERUSER, password));
            Path data = root.resolve("data");
            cluster.run(List.of(binaries.initdb().toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C", "-N"));
            cluster.run(List.of(binaries.pgCtl().toString(), "-D", data.toString(), "-l",
                    root.resolve("server.log").toString(), "-w", "-t", "120", "-o",
                    "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off", "start"));
            // JUnit closes the cluster at the end of the run; a run that is interrupted stops it here instead of
            // leaving a postmaster behind.
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::closeQuietly, "postgres-test-cluster-stop"));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a PostgreSQL cluster", e);
        }
    }

    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        Path output = Files.createTempFile("gleitzeit-pg-cmd-", ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            boolean done = process.waitFor(180, TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly();
            }
            if (!done || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed" + (done ? " with exit status "
                        + process.exitValue() : " to finish in 180 s") + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + serverLog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() {
        Path log = root.resolve("server.log");
        try {
            return Files.exists(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // the JVM is exiting; nothing more can be done
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run(List.of(binaries.pgCtl().toString(), "-D", root.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop"));
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
