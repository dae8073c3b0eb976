package io.gleitzeit.ops.cli;

import io.gleitzeit.cluster.ClusterOptions;
import io.gleitzeit.cluster.GleitzeitCluster;
import io.gleitzeit.services.llm.ollama.EndpointSpecs;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import io.gleitzeit.services.llm.ollama.RoutingStrategy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
            "function service with the built-in catalogue; with Ollama endpoints (--ollama-endpoint or",
            "GLEITZEIT_OLLAMA_ENDPOINTS) also the internal LLM service. Then, in another terminal:",
            "  ./gleitzeit submit my-workflow.json --follow",
            "  ./gleitzeit service python my_functions --path .   (more services, any language)",
            "Ctrl-C stops everything gracefully."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    RedisOptions redis;

    @Mixin
    ConfigOption config;

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
            description = {"An Ollama endpoint for the internal LLM service, as for 'service llm'; repeatable",
                "(env " + EndpointSpecs.ENVIRONMENT_VARIABLE + ": specs separated by spaces). Without any, no",
                "LLM service is started."})
    List<String> ollamaEndpoints = new ArrayList<>();

    @Option(names = "--llm-strategy", paramLabel = "NAME", defaultValue = "least_loaded",
            description = "Routing over the endpoints: least_loaded (default), round_robin, fastest_response, "
                    + "model_affinity.")
    String llmStrategy;

    @Option(names = "--inline-limit", paramLabel = "BYTES", defaultValue = "262144",
            description = "Task results (and dispatched parameters, workflow results) larger than this are stored "
                    + "once by reference instead of in the event streams (default: ${DEFAULT-VALUE}, 256 KiB).")
    long inlineLimitBytes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterOptions.Builder options = ClusterOptions.newBuilder().keyPrefix(redis.prefix)
                .partitions(redis.partitions).hubHost(host).hubPort(port).httpPort(httpPort).functionService(!noFunctions)
                .inlineLimitBytes(inlineLimitBytes);
        if (workers != null) {
            options.functionWorkers(workers);
        }
        Optional<InternalLlmOptions> llm = llmOptions();
        llm.ifPresent(options::internalLlm);
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
        llm.ifPresent(o -> out.println("internal LLM service: " + o.endpoints().size() + " Ollama endpoint(s), "
                + o.strategy().wireName() + " (docs/llm.md)"));
        out.println("submit a workflow:  ./gleitzeit submit FILE --follow   (Ctrl-C here stops everything)");
        out.flush();
        stopped.await();
        return 0;
    }

    /** The internal LLM service's options when endpoints are configured; every error names its option. */
    Optional<InternalLlmOptions> llmOptions() {
        List<OllamaEndpointConfig> endpoints = new ArrayList<>();
        for (String value : ollamaEndpoints) {
            try {
                endpoints.add(EndpointSpecs.parseFlag(value));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage().replaceFirst("^--endpoint",
                        "--ollama-endpoint"), e);
            }
        }
        if (ollamaEndpoints.isEmpty()) {
            try {
                endpoints.addAll(EndpointSpecs.parseEnvironment(System.getenv(EndpointSpecs.ENVIRONMENT_VARIABLE)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        if (endpoints.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InternalLlmOptions.newBuilder()
                    .endpoints(EndpointSpecs.unique(endpoints, "--ollama-endpoint"))
                    .strategy(RoutingStrategy.fromWireName(llmStrategy)).build());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().startsWith("strategy")
                    ? "--llm-strategy: " + e.getMessage() : e.getMessage(), e);
        }
    }

    private static String optionName(String message) {
        return message.replace("hubPort", "--port").replace("hubHost", "--host").replace("httpPort", "--http-port").replace("functionWorkers",
                "--workers").replace("partitions", "--partitions").replace("keyPrefix", "--prefix")
                .replace("inlineLimitBytes", "--inline-limit");
    }
}
