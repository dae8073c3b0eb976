package io.gleitzeit.ops.cli.service;

import io.gleitzeit.ops.cli.HubOptions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.Transport;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gleitzeit service python MODULE…}: runs the Python SDK's runner ({@code python3 -m gleitzeit_sdk.run}) with
 * the system Python, the SDK from this checkout on its path, and the connection options translated to its flags.
 */
@Command(name = "python", mixinStandardHelpOptions = true,
        description = {"Run Python @gleitzeit_task functions as a service, with the system python3",
            "and the Python SDK of this distribution (services/python). Each MODULE is",
            "imported for its functions; --path adds the directories they are found in.",
            "Needs python3-socketio, python3-websocket and python3-requests (Debian), or",
            "pip install 'python-socketio[client]' websocket-client requests.",
            "",
            "Example: gleitzeit service python text_tools --path services/python/examples"})
public final class PythonServiceCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "python-functions";
    /** Where the SDK's sources are when not found next to the distribution. */
    static final String SDK_ENV = "GLEITZEIT_PYTHON_SDK";
    /** How long the runner may take to shut down: the SDK's default shutdown timeout and a margin. */
    private static final long STOP_GRACE_SECONDS = ServiceOptions.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds() + 5;

    @Mixin
    ServiceConnection connection;

    @Parameters(paramLabel = "MODULE", arity = "1..*", description = "Python modules to import for their functions.")
    List<String> modules = new ArrayList<>();

    @Option(names = "--path", paramLabel = "DIR", split = ",",
            description = "Directories added to PYTHONPATH to find the modules; repeatable or comma-separated "
                    + "(default: the current directory).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--python", paramLabel = "EXECUTABLE", defaultValue = "python3",
            description = "The Python interpreter (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--sdk", paramLabel = "DIR", description = "The SDK sources, the directory holding "
            + "gleitzeit_sdk/ (env " + SDK_ENV + "; default: services/python/src of this distribution).")
    Path sdk;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path sdkDir = sdkDirectory().orElseThrow(() -> new IllegalArgumentException(
                "--sdk: cannot find the Python SDK (a directory holding gleitzeit_sdk/); pass --sdk or set "
                        + SDK_ENV));
        ProcessBuilder builder = processBuilder(sdkDir);
        out.printf("starting %s -m gleitzeit_sdk.run for %s (SDK %s)%n", python, String.join(", ", modules), sdkDir);
        out.flush();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + python + ": " + e.getMessage(), e);
        }
        Thread hook = new Thread(() -> stop(process), "gleitzeit-python-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping; the hook runs (and finds the process gone).
        }
        return exit;
    }

    /**
     * The runner's process: its command line, PYTHONPATH (the SDK, the --path directories, the inherited path) and
     * the token in the environment. Validated by the same rules as a Java service, so a bad --hub is reported here
     * and not by Python.
     */
    ProcessBuilder processBuilder(Path sdkDir) {
        ServiceOptions options = connection.toOptions(DEFAULT_NAME, ServiceOptions.DEFAULT_MAX_CONCURRENT)
                .taskTypes(List.of("python_execution")).build();
        ProcessBuilder builder = new ProcessBuilder(command(options)).inheritIO();
        List<String> pythonPath = new ArrayList<>();
        pythonPath.add(sdkDir.toAbsolutePath().toString());
        for (Path p : paths.isEmpty() ? List.of(Path.of("")) : paths) {
            pythonPath.add(p.toAbsolutePath().toString());
        }
        String inherited = System.getenv("PYTHONPATH");
        if (inherited != null && !inherited.isBlank()) {
            pythonPath.add(inherited);
        }
        builder.environment().put("PYTHONPATH", String.join(File.pathSeparator, pythonPath));
        // The token travels in the environment, never on a command line other users can read.
        builder.environment().remove(HubOptions.TOKEN_ENV);
        if (options.token() != null) {
            builder.environment().put(HubOptions.TOKEN_ENV, options.token());
        }
        return builder;
    }

    /** The runner's command line; {@code --token} is left out (see the environment). */
    List<String> command(ServiceOptions options) {
        List<String> command = new ArrayList<>(List.of(python, "-m", "gleitzeit_sdk.run", "--name", options.name(),
                "--max-concurrent", Integer.toString(options.maxConcurrent()), "--heartbeat-interval",
                seconds(options.heartbeatInterval())));
        options.hubUrls().forEach(url -> command.addAll(List.of("--hub", url.toString())));
        for (Transport transport : options.transports()) {
            command.addAll(List.of("--transport", transport.engineIoName()));
        }
        for (String module : modules) {
            command.addAll(List.of("--module", module));
        }
        return command;
    }

    /** Seconds as the runner reads them ({@code 0.5}, {@code 10.0}). */
    private static String seconds(java.time.Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    /** The runner gets SIGTERM (a graceful shutdown in the SDK) and its shutdown timeout plus a margin. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** --sdk, else $GLEITZEIT_PYTHON_SDK, else services/python/src found above the jar or the working directory. */
    Optional<Path> sdkDirectory() {
        if (sdk != null) {
            return Optional.of(sdk).filter(PythonServiceCommand::holdsSdk);
        }
        String env = System.getenv(SDK_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(PythonServiceCommand::holdsSdk);
        }
        List<Path> starts = new ArrayList<>();
        codeLocation().ifPresent(starts::add);
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("services").resolve("python").resolve("src");
                if (holdsSdk(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holdsSdk(Path dir) {
        return Files.isRegularFile(dir.resolve("gleitzeit_sdk").resolve("run.py"));
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = GleitzeitServiceClient.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
