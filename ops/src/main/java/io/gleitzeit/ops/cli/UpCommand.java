package io.gleitzeit.ops.cli;

import io.gleitzeit.cluster.ClusterOptions;
import io.gleitzeit.cluster.GleitzeitCluster;
import io.gleitzeit.services.llm.ollama.EndpointSpecs;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gleitzeit up}: everything on one machine, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        header = "Run everything on this machine: Redis, an orchestrator node, the function service.",
        description = {"Run Gleitzeit all-in-one: Redis (yours via --redis / GLEITZEIT_REDIS_URL, else a local",
            "redis-server with data in ./.gleitzeit/redis), an orchestrator node with its hub, and the",
            "function service with the built-in catalogue (and, with --ollama-endpoint, the internal LLM",
            "service). Then, in another terminal:",
            "  ./gleitzeit submit my-workflow.json --follow",
            "  ./gleitzeit service python my_functions --path .   (more services, any language)",
            "Ctrl-C stops everything gracefully."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:GLEITZEIT_PORT:-8000}",
            description = "The hub's port (env GLEITZEIT_PORT; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "${env:GLEITZEIT_HOST:-127.0.0.1}",
            description = "The interface the hub listens on (env GLEITZEIT_HOST; default: ${DEFAULT-VALUE}, this "
                    + "machine only: the all-in-one runs without authentication).")
    String host;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:GLEITZEIT_HTTP_PORT:-8001}",
            description = "Port of /metrics, /health and the web dashboard, on the hub's interface "
                    + "(env GLEITZEIT_HTTP_PORT; default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "${env:GLEITZEIT_FUNCTION_WORKERS}",
            description = "Function tasks run at once (env GLEITZEIT_FUNCTION_WORKERS; default: the processors, "
                    + "at least 2).")
    Integer workers;

    @Option(names = "--no-functions", description = "Do not start the function service.")
    boolean noFunctions;

    @Option(names = "--ollama-endpoint", paramLabel = "NAME=URL[,OPT=V…]",
            description = {"Also start the internal LLM service over this Ollama endpoint; repeatable, the",
                "format of `gleitzeit service llm --endpoint` (env " + EndpointSpecs.ENVIRONMENT_VARIABLE + ")."})
    List<String> ollamaEndpoints = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterOptions.Builder options = ClusterOptions.newBuilder().keyPrefix(redis.prefix)
                .partitions(redis.partitions).hubHost(host).hubPort(port).httpPort(httpPort).functionService(!noFunctions);
        if (workers != null) {
            options.functionWorkers(workers);
        }
        List<OllamaEndpointConfig> endpoints = new ArrayList<>();
        try {
            for (String spec : ollamaEndpoints) {
                endpoints.add(EndpointSpecs.parseFlag(spec));
            }
            if (ollamaEndpoints.isEmpty()) {
                endpoints.addAll(EndpointSpecs.parseEnvironment(System.getenv(EndpointSpecs.ENVIRONMENT_VARIABLE)));
            }
            if (!endpoints.isEmpty()) {
                options.internalLlm(InternalLlmOptions.newBuilder()
                        .endpoints(EndpointSpecs.unique(endpoints, "--ollama-endpoint")).build());
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--ollama-endpoint: " + e.getMessage(), e);
        }
        ClusterOptions built;
        try {
            built = options.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), optionName(e.getMessage()), e);
        }
        RedisOptions.RedisHandle handle = redis.open(out);
        GleitzeitCluster cluster;
        try {
            cluster = GleitzeitCluster.start(built.toBuilder().redisUrl(handle.url()).build());
        } catch (Exception e) {
            handle.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            handle.close();
            stopped.countDown();
        }, "gleitzeit-shutdown"));
        out.printf("gleitzeit is up: hub %s (Socket.IO namespace /cluster), Redis %s (prefix %s)%n",
                cluster.hubUrl(), handle.url(), redis.prefix);
        out.println("dashboard " + cluster.dashboardUrl() + " (metrics /metrics, health /health)");
        out.println(noFunctions ? "no function service (--no-functions)"
                : "function service: " + built.functionWorkers() + " workers, built-in catalogue (docs/functions.md)");
        out.println(endpoints.isEmpty() ? "no LLM service (--ollama-endpoint NAME=URL starts one)"
                : "internal LLM service over " + endpoints.size() + " Ollama endpoint(s)");
        out.println("submit a workflow:  ./gleitzeit submit FILE --follow   (Ctrl-C here stops everything)");
        out.flush();
        stopped.await();
        return 0;
    }

    private static String optionName(String message) {
        return message.replace("hubPort", "--port").replace("hubHost", "--host").replace("httpPort", "--http-port").replace("functionWorkers",
                "--workers").replace("partitions", "--partitions").replace("keyPrefix", "--prefix");
    }
}
