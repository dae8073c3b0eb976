package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.soak.Soak;
import io.gleitzeit.ops.soak.SoakOptions;
import io.gleitzeit.ops.soak.SoakReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gleitzeit soak}: a mixed load with injected process faults, judged by what the streams hold. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Run a soak: orchestrator nodes and Java function services as child processes on a fresh",
            "local redis-server (or --redis), a mixed load of flat, diamond and chain workflows of built-in",
            "functions, and a random node and service killed (SIGKILL) and restarted at the given intervals.",
            "Prints workflows submitted, completed, failed and lost, duplicate effects (tasks with more than",
            "one task.completed in the streams), p50/p99 end-to-end latency and memory (RSS of the child",
            "processes, Redis used_memory). Exit status 1 when anything was lost or duplicated.",
            "",
            "Example: gleitzeit soak --minutes 10 --kill-replica-every 30 --kill-service-every 20"})
final class SoakCommand implements Callable<Integer> {

    @Option(names = "--minutes", paramLabel = "N", required = true,
            description = "How long the load runs (fractions allowed, e.g. 0.5); a drain follows.")
    double minutes;

    @Option(names = "--kill-replica-every", paramLabel = "SECONDS", defaultValue = "0",
            description = "SIGKILL a random node (replica and hub) this often and restart it; 0: never "
                    + "(default: ${DEFAULT-VALUE}).")
    double killReplicaEverySeconds;

    @Option(names = "--kill-service-every", paramLabel = "SECONDS", defaultValue = "0",
            description = "SIGKILL a random function service this often and restart it; 0: never "
                    + "(default: ${DEFAULT-VALUE}).")
    double killServiceEverySeconds;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "2",
            description = "Orchestrator nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--services", paramLabel = "N", defaultValue = "2",
            description = "Function services (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "16",
            description = "Workflows kept running at once (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Stream partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--redis", paramLabel = "URL",
            description = "An existing Redis (its keys go under a prefix of the run's own and are deleted after); "
                    + "default: a fresh local redis-server.")
    String redisUrl;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait, after the load, for the last workflows (default: ${DEFAULT-VALUE}).")
    long drainTimeoutSeconds;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".gleitzeit/soak",
            description = "Where the child processes' logs go (default: ${DEFAULT-VALUE}).")
    Path workDirectory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SoakReport report = Soak.run(options(), out);
        report.print(out);
        return report.passed() ? 0 : 1;
    }

    private SoakOptions options() {
        if (!(minutes > 0)) {
            throw new ParameterException(spec.commandLine(), "--minutes must be positive, was " + minutes);
        }
        if (drainTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--drain-timeout must be at least 1 second, was " + drainTimeoutSeconds);
        }
        try {
            return new SoakOptions(Duration.ofMillis(Math.round(minutes * 60_000)), nodes, services,
                    seconds(killReplicaEverySeconds, "--kill-replica-every"),
                    seconds(killServiceEverySeconds, "--kill-service-every"), inFlight, partitions, redisUrl,
                    workDirectory, Duration.ofSeconds(drainTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage(), e);
        }
    }

    private Duration seconds(double value, String option) {
        if (!(value >= 0)) {
            throw new ParameterException(spec.commandLine(), option + " must not be negative, was " + value);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
