package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the JS and Python client harnesses as processes and reads their JSON report. Installs the npm clients from
 * the committed lock file when they are missing; a test is skipped (with the reason) only when npm itself is missing.
 */
public final class Harness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";
    private static final long PROCESS_TIMEOUT_SECONDS = 180;

    private Harness() {
    }

    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    /** The JS harness folder; its {@code node_modules} holds npm's socket.io-client 4 after {@link #ensureNodeModules()}. */
    public static Path jsDir() {
        return moduleDir().resolve("src/test/js");
    }

    public static ObjectNode options() {
        return JSON.createObjectNode();
    }

    /** Runs {@code harness.js} with {@code options}; installs its npm packages first if needed. */
    static JsonNode runJs(ObjectNode options) {
        ensureNodeModules();
        return run(List.of("node", jsDir().resolve("harness.js").toString(), options.toString()), jsDir());
    }

    /** Runs {@code harness.py} with Debian's python3-socketio. */
    static JsonNode runPython(ObjectNode options) {
        ensurePythonClients();
        Path dir = moduleDir().resolve("src/test/python");
        return run(List.of(PYTHON, dir.resolve("harness.py").toString(), options.toString()), dir);
    }

    /**
     * Runs another script of the JS harness folder, returning the JSON report it prints last. The options go in a
     * file ({@code @<path>} as the argument), so they may be larger than a command line.
     */
    public static JsonNode runJs(String script, ObjectNode options) {
        ensureNodeModules();
        return withOptionsFile(options, file ->
                run(List.of("node", jsDir().resolve(script).toString(), "@" + file), jsDir()));
    }

    /** Like {@link #runJs(String, ObjectNode)}, for a script of the Python harness folder. */
    public static JsonNode runPython(String script, ObjectNode options) {
        ensurePythonClients();
        Path dir = moduleDir().resolve("src/test/python");
        return withOptionsFile(options, file -> run(List.of(PYTHON, dir.resolve(script).toString(), "@" + file), dir));
    }

    private static JsonNode withOptionsFile(ObjectNode options, Function<Path, JsonNode> run) {
        Path file = null;
        try {
            file = Files.createTempFile("harness-options", ".json");
            Files.writeString(file, options.toString(), StandardCharsets.UTF_8);
            return run.apply(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Runs {@code node <script> <args>} in the JS harness folder, returning its stdout. */
    public static String runNodeScript(String script, String... args) {
        ensureNodeModules();
        List<String> command = new ArrayList<>(List.of("node", jsDir().resolve(script).toString()));
        command.addAll(List.of(args));
        return exec(command, jsDir()).stdout;
    }

    private static JsonNode run(List<String> command, Path dir) {
        Result result = exec(command, dir);
        String dump = System.getProperty("harness.stderr");
        if (dump != null) {
            try {
                Files.writeString(Path.of(dump), result.stderr, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        String[] lines = result.stdout.strip().split("\n");
        String last = lines[lines.length - 1];
        try {
            JsonNode report = JSON.readTree(last);
            if (report != null && report.isObject()) {
                return report;
            }
        } catch (IOException e) {
            // reported below
        }
        return fail("the harness printed no JSON report (exit %d); stdout:%n%s%nstderr:%n%s",
                result.exitCode, result.stdout, result.stderr);
    }

    /** Installs the harness's npm packages from the committed lock file unless present; skips the test without npm. */
    public static synchronized void ensureNodeModules() {
        if (Files.isDirectory(jsDir().resolve("node_modules/socket.io-client"))
                && Files.isDirectory(jsDir().resolve("node_modules/socket.io-client-v2"))
                && Files.isDirectory(jsDir().resolve("node_modules/engine.io-parser-v2"))) {
            return;
        }
        Assumptions.assumeTrue(onPath("npm"), "npm is not installed, so the JS client harness cannot run");
        Result install = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), jsDir());
        assertThat(install.exitCode).as("npm ci failed:%n%s", install.stderr).isZero();
    }

    private static synchronized void ensurePythonClients() {
        Result probe = exec(List.of(PYTHON, "-c", "import socketio, aiohttp, requests, websocket"), moduleDir());
        if (probe.exitCode != 0) {
            fail("Debian's python3-socketio stack is missing (%s); install it with: apt-get install -y "
                    + "python3-socketio python3-aiohttp python3-requests python3-websocket", probe.stderr.strip());
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result exec(List<String> command, Path dir) {
        try {
            Path out = Files.createTempFile("harness", ".out");
            Path err = Files.createTempFile("harness", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    fail("%s did not finish within %d s; stderr:%n%s", command.get(0), PROCESS_TIMEOUT_SECONDS,
                            Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
