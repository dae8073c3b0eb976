package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.bench.BenchReport;
import io.gleitzeit.ops.bench.CoreBenchmark;
import io.gleitzeit.ops.bench.FullBenchmark;
import io.gleitzeit.ops.bench.FullBenchmarkOptions;
import io.gleitzeit.ops.bench.Workload;
import io.gleitzeit.redis.local.EmbeddedRedisBinary;
import io.gleitzeit.redis.connect.RedisEndpoint;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures throughput, latency and Redis commands per task. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure throughput, latency and Redis commands per task.",
        description = {"Run no-op function tasks and print throughput (workflows/s, tasks/s), latency percentiles",
            "end to end and per hop, and Redis commands per task (INFO commandstats, Lua-internal calls",
            "included). An unmeasured warm-up round runs first.",
            "Path 'full' (default): --nodes orchestrator nodes (replica and hub each; in this process, or with",
            "--node-processes each a `gleitzeit orchestrator` process of its own), --services function services",
            "of the Java SDK connected over Socket.IO, one client per node submitting documents over Socket.IO",
            "and following every workflow's room events.",
            "Path 'core': replicas in this process decide; a responder answers dispatches directly on the",
            "streams in place of hub and service (no sockets).",
            "Also printed: CPU time per process (each node process, this JVM, Redis from INFO cpu) and how",
            "busy the whole machine was, to show where the bottleneck is."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--workload", defaultValue = "diamond", paramLabel = "flat|diamond|chain",
            description = "flat = 20,000 independent tasks (20 workflows of 1,000); diamond = 2,000 workflows of "
                    + "A → (B, C) → D; chain = 50 runs of a 10-task chain (default: ${DEFAULT-VALUE}).")
    Workload workload;

    @Option(names = "--workflows", paramLabel = "N", defaultValue = "0",
            description = "How many workflows of the workload's shape (default: the workload's own count).")
    int workflows;

    @Option(names = "--path", defaultValue = "full", paramLabel = "full|core",
            description = "What the tasks go through (default: ${DEFAULT-VALUE}).")
    BenchPath path;

    @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
            description = "Path full: orchestrator nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--node-processes",
            description = "Path full: run each node as a separate `gleitzeit orchestrator` process (this JVM's java "
                    + "and class path), as in production, instead of inside this process; their CPU is measured "
                    + "per process and their output goes to --work-dir.")
    boolean nodeProcesses;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".gleitzeit/bench",
            description = "Where node processes write their logs (default: ${DEFAULT-VALUE}).")
    Path workDirectory;

    @Option(names = "--services", defaultValue = "1", paramLabel = "N",
            description = "Path full: function services, spread over the nodes (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--service-concurrency", defaultValue = "64", paramLabel = "N",
            description = "Path full: tasks each service runs at once (default: ${DEFAULT-VALUE}).")
    int serviceConcurrency;

    @Option(names = "--replicas", defaultValue = "1", paramLabel = "N",
            description = "Path core: orchestrator replicas in this process (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--partitions", defaultValue = "8", paramLabel = "N",
            description = "Stream partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis to measure against, any form of --redis (a Redis Cluster's primaries are counted "
                    + "together); its other traffic is counted too. Unset: a fresh redis-server on a free port, "
                    + "without persistence.")
    String redisUrl;

    @Spec
    CommandSpec spec;

    /** What the benchmark's tasks go through. */
    enum BenchPath {
        /** Nodes, hubs, services and clients over Socket.IO. */
        FULL,
        /** The decision core and the streams only. */
        CORE
    }

    private void within(int value, int min, int max, String option) {
        if (value < min || value > max) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    option + " must be within " + min + ".." + max + ", was " + value);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        within(replicas, 1, 16, "--replicas");
        within(nodes, 1, 8, "--nodes");
        within(workflows, 0, 1_000_000, "--workflows");
        int workflowCount = workflows > 0 ? workflows : workload.defaultWorkflows();
        if (nodeProcesses && path != BenchPath.FULL) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--node-processes: only path full has nodes; path core runs --replicas in this process");
        }
        within(services, 1, 64, "--services");
        within(serviceConcurrency, 1, 10_000, "--service-concurrency");
        if (redisUrl != null) {
            try {
                RedisEndpoint.parse(redisUrl);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--redis: " + e.getMessage());
            }
        }
        LocalRedisServer own = null;
        String url = redisUrl;
        if (url == null) {
            own = LocalRedisServer.start(LocalRedisOptions.newBuilder().binary(EmbeddedRedisBinary.findAny()
                    .orElseThrow(() -> new java.io.IOException("no redis-server found; install it or pass --redis")))
                    .build());
            url = own.url();
        }
        try {
            String shape = path == BenchPath.CORE ? replicas + " replica(s)"
                    : nodes + " node(s)" + (nodeProcesses ? " as separate processes" : " in this process") + ", "
                    + services + " service(s) x " + serviceConcurrency;
            out.printf("bench: path %s, workload %s (%d workflows), %s, %d partitions, Redis %s%s%n",
                    path.name().toLowerCase(Locale.ROOT), workload.name().toLowerCase(Locale.ROOT), workflowCount,
                    shape, partitions,
                    RedisEndpoint.redact(url), own != null ? " (fresh)" : "");
            out.flush();
            BenchReport report = path == BenchPath.CORE
                    ? new CoreBenchmark(url, workload, workflowCount, replicas, partitions).run()
                    : new FullBenchmark(FullBenchmarkOptions.newBuilder(url).workload(workload).workflows(workflowCount)
                            .nodes(nodes).placement(nodeProcesses ? FullBenchmarkOptions.NodePlacement.PROCESSES
                                    : FullBenchmarkOptions.NodePlacement.IN_PROCESS)
                            .services(services).serviceConcurrency(serviceConcurrency).partitions(partitions)
                            .workDirectory(workDirectory).build()).run();
            report.print(out);
            out.flush();
            return report.failedWorkflows() == 0 ? 0 : 1;
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }
}
