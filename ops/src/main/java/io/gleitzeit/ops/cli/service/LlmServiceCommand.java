package io.gleitzeit.ops.cli.service;

import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.services.llm.LlmService;
import io.gleitzeit.services.llm.http.HttpTimeouts;
import io.gleitzeit.services.llm.ollama.EndpointSpecs;
import io.gleitzeit.services.llm.ollama.InternalLlm;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpoint;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import io.gleitzeit.services.llm.ollama.RoutingStrategy;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gleitzeit service llm}: the internal LLM service over Ollama endpoints (provider {@code internal}). */
@Command(name = "llm", mixinStandardHelpOptions = true,
        description = {"Run the internal LLM service over Ollama endpoints (provider 'internal'):",
            "text and vision tasks, streamed, routed by --strategy with health checks,",
            "a circuit breaker per endpoint and failover. See docs/llm.md.",
            "",
            "Example: gleitzeit service llm --endpoint gpu1=http://gpu1:11434,max_concurrent=2 \\",
            "           --endpoint gpu2=http://gpu2:11434,gpu=RTX 4090,models=llama3|llava"})
public final class LlmServiceCommand implements Callable<Integer> {
    static final String DEFAULT_NAME = "llm";

    @Mixin
    ServiceConnection connection;

    @Option(names = "--endpoint", paramLabel = "NAME=URL[,OPT=V…]",
            description = {"An Ollama endpoint; repeatable. Options: gpu, priority (-100..100, default 0;",
                "higher wins ties), max_concurrent, models (allow-list, '|'-separated), tags ('|'-separated)",
                "(env " + EndpointSpecs.ENVIRONMENT_VARIABLE + ": specs separated by spaces)."})
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--endpoints-file", paramLabel = "PATH",
            description = "A JSON file {\"endpoints\": [{name, url, gpu, priority, max_concurrent, models, tags}]};"
                    + " re-read when it changes, so endpoints can be added and removed while running.")
    Path endpointsFile;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "least_loaded",
            description = "least_loaded (default), round_robin, fastest_response or model_affinity.")
    String strategy;

    @Option(names = "--default-model", paramLabel = "MODEL",
            description = "The model of tasks that name none.")
    String defaultModel;

    @Option(names = "--failure-threshold", paramLabel = "N", defaultValue = "3",
            description = "Consecutive failures that open an endpoint's circuit breaker (default: 3).")
    int failureThreshold;

    @Option(names = "--open-seconds", paramLabel = "S", defaultValue = "30",
            description = "How long an open breaker keeps requests away before one probe (default: 30).")
    long openSeconds;

    @Option(names = "--health-seconds", paramLabel = "S", defaultValue = "10",
            description = "How often endpoints are checked (/api/tags, /api/ps) (default: 10).")
    long healthSeconds;

    @Option(names = "--connect-timeout", paramLabel = "S", defaultValue = "5",
            description = "Seconds to open a connection (default: 5).")
    long connectSeconds;

    @Option(names = "--first-byte-timeout", paramLabel = "S", defaultValue = "300",
            description = "Seconds until an answer starts; a cold model load counts (default: 300).")
    long firstByteSeconds;

    @Option(names = "--idle-timeout", paramLabel = "S", defaultValue = "60",
            description = "Seconds a streamed answer may pause (default: 60).")
    long idleSeconds;

    @Option(names = "--check", description = "Check every endpoint once, print what it serves, and exit "
            + "(1 when one is unreachable).")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InternalLlmOptions options = options();
        InternalLlm internal = InternalLlm.start(options, GleitzeitJson.newMapper());
        if (check) {
            try (internal) {
                boolean allHealthy = true;
                for (OllamaEndpoint e : internal.pool().endpoints()) {
                    boolean healthy = e.breaker().consecutiveFailures() == 0;
                    allHealthy &= healthy;
                    out.printf("%-12s %-32s %-9s models=%s loaded=%s%n", e.id(), e.config().url(),
                            healthy ? "healthy" : "UNREACHABLE", e.models(), internal.health().stream()
                                    .filter(h -> h.endpointId().equals(e.id())).findFirst()
                                    .map(h -> h.loadedModels()).orElse(List.of()));
                }
                out.flush();
                return allHealthy ? 0 : 1;
            }
        }
        LlmService service = LlmService.of(List.of(internal.backend()));
        int capacity = internal.pool().endpoints().stream().mapToInt(e -> e.config().maxConcurrent()).sum();
        GleitzeitServiceClient client = service.newClient(
                connection.toOptions(DEFAULT_NAME, Math.max(1, capacity)), Optional.of(internal));
        out.printf("routing %s over %d endpoint(s): %s%n", options.strategy().wireName(),
                internal.pool().endpoints().size(), internal.pool().endpoints().stream().map(OllamaEndpoint::id)
                        .toList());
        return ServiceRun.untilStopped(client, out);
    }

    /** The options from the flags and the environment; every error names its option. */
    InternalLlmOptions options() {
        List<OllamaEndpointConfig> configs = new ArrayList<>();
        for (String spec : endpoints) {
            configs.add(EndpointSpecs.parseFlag(spec));
        }
        if (endpoints.isEmpty()) {
            configs.addAll(EndpointSpecs.parseEnvironment(System.getenv(EndpointSpecs.ENVIRONMENT_VARIABLE)));
        }
        if (endpointsFile != null && !Files.isReadable(endpointsFile)) {
            throw new IllegalArgumentException("--endpoints-file: " + endpointsFile + " is not a readable file");
        }
        if (configs.isEmpty() && endpointsFile == null) {
            throw new IllegalArgumentException("--endpoint: give at least one Ollama endpoint (or "
                    + EndpointSpecs.ENVIRONMENT_VARIABLE + ", or --endpoints-file)");
        }
        RoutingStrategy routing;
        try {
            routing = RoutingStrategy.fromWireName(strategy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--strategy: " + e.getMessage(), e);
        }
        HttpTimeouts timeouts;
        try {
            timeouts = new HttpTimeouts(Duration.ofSeconds(connectSeconds), Duration.ofSeconds(firstByteSeconds),
                    Duration.ofSeconds(idleSeconds));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--connect-timeout/--first-byte-timeout/--idle-timeout: "
                    + e.getMessage(), e);
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("--failure-threshold must be at least 1, was " + failureThreshold);
        }
        if (openSeconds < 1 || healthSeconds < 1) {
            throw new IllegalArgumentException("--open-seconds and --health-seconds must be at least 1");
        }
        try {
            return InternalLlmOptions.newBuilder().endpoints(EndpointSpecs.unique(configs, "--endpoint"))
                    .endpointsFile(endpointsFile).strategy(routing)
                    .circuitBreaker(failureThreshold, Duration.ofSeconds(openSeconds))
                    .healthInterval(Duration.ofSeconds(healthSeconds)).timeouts(timeouts)
                    .defaultModel(defaultModel).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--endpoint: " + e.getMessage(), e);
        }
    }
}
