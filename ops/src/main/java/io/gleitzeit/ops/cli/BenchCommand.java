package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.bench.BenchReport;
import io.gleitzeit.ops.bench.CoreBenchmark;
import io.gleitzeit.ops.bench.FullBenchmark;
import io.gleitzeit.ops.bench.Workload;
import io.gleitzeit.redis.local.EmbeddedRedisBinary;
import io.gleitzeit.redis.connect.RedisEndpoint;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import java.io.PrintWriter;
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
            "Path 'full' (default): --nodes orchestrator nodes (replica and hub each), --services function",
            "services of the Java SDK connected over Socket.IO, one client per node submitting documents",
            "over Socket.IO and following every workflow's room events.",
            "Path 'core': replicas in this process decide; a responder answers dispatches directly on the",
            "streams in place of hub and service (no sockets)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--workload", defaultValue = "diamond", paramLabel = "flat|diamond|chain",
            description = "flat = 20,000 independent tasks (20 workflows of 1,000); diamond = 2,000 workflows of "
                    + "A → (B, C) → D; chain = 50 runs of a 10-task chain (default: ${DEFAULT-VALUE}).")
    Workload workload;

    @Option(names = "--path", defaultValue = "full", paramLabel = "full|core",
            description = "What the tasks go through (default: ${DEFAULT-VALUE}).")
    BenchPath path;

    @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
            description = "Path full: orchestrator nodes in this process (default: ${DEFAULT-VALUE}).")
    int nodes;

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
            description = "Redis to measure against (its other traffic is counted too). "
                    + "Unset: a fresh redis-server on a free port, without persistence.")
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
        within(services, 1, 64, "--services");
        within(serviceConcurrency, 1, 10_000, "--service-concurrency");
        if (redisUrl != null) {
            RedisEndpoint endpoint;
            try {
                endpoint = RedisEndpoint.parse(redisUrl);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--redis: " + e.getMessage());
            }
            if (endpoint.topology() == RedisEndpoint.Topology.CLUSTER) {
                // The figures include Redis commands per task from INFO commandstats, which is per server.
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--redis: the bench measures "
                        + "one server (redis://, rediss://, redis-socket://, redis-sentinel://), not a cluster");
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
                    : nodes + " node(s), " + services + " service(s) x " + serviceConcurrency;
            out.printf("bench: path %s, workload %s, %s, %d partitions, Redis %s%s%n",
                    path.name().toLowerCase(Locale.ROOT), workload.name().toLowerCase(Locale.ROOT), shape, partitions,
                    RedisEndpoint.redact(url), own != null ? " (fresh)" : "");
            out.flush();
            BenchReport report = path == BenchPath.CORE
                    ? new CoreBenchmark(url, workload, replicas, partitions).run()
                    : new FullBenchmark(url, workload, nodes, services, serviceConcurrency, partitions).run();
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
