package io.gleitzeit.ops.cli;

import io.gleitzeit.ops.bench.BenchReport;
import io.gleitzeit.ops.bench.CoreBenchmark;
import io.gleitzeit.ops.bench.Workload;
import io.gleitzeit.redis.local.EmbeddedRedisBinary;
import io.gleitzeit.redis.connect.RedisEndpoint;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures throughput, latency and Redis commands per task. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run no-op tasks through the decision core and print throughput, latency percentiles and",
            "Redis commands per task (INFO commandstats, Lua-internal calls included).",
            "Path 'core': replicas in this process decide; a responder answers dispatches directly on the",
            "streams in place of hub and service (no sockets)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--workload", defaultValue = "diamond", paramLabel = "flat|diamond|chain",
            description = "flat = 20,000 independent tasks (20 workflows of 1,000); diamond = 2,000 workflows of "
                    + "A → (B, C) → D; chain = 50 runs of a 10-task chain (default: ${DEFAULT-VALUE}).")
    Workload workload;

    @Option(names = "--replicas", defaultValue = "1", paramLabel = "N",
            description = "Orchestrator replicas in this process (default: ${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (replicas < 1 || replicas > 16) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--replicas must be within 1..16, was " + replicas);
        }
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
            out.printf("bench: workload %s, %d replica(s), %d partitions, Redis %s%s%n", workload.name()
                    .toLowerCase(java.util.Locale.ROOT), replicas, partitions, RedisEndpoint.redact(url),
                    own != null ? " (fresh)" : "");
            out.flush();
            BenchReport report = new CoreBenchmark(url, workload, replicas, partitions).run();
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
