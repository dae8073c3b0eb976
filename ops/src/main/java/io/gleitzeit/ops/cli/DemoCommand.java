package io.gleitzeit.ops.cli;

import io.gleitzeit.cluster.ClusterOptions;
import io.gleitzeit.cluster.EmbeddedService;
import io.gleitzeit.cluster.ClusterWorkflow;
import io.gleitzeit.cluster.GleitzeitCluster;
import io.gleitzeit.ops.cli.client.FollowView;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gleitzeit demo}: an example workflow end to end through the real architecture, then everything stops. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run an example workflow end to end and show its progress (start here).",
        description = {"Run an example workflow end to end and show its progress and results: a throwaway",
            "redis-server (or --redis), an orchestrator node with its hub, the function service connected",
            "over Socket.IO, and a client submitting the workflow — the same parts as a real deployment,",
            "in one process. Nothing is left running or stored afterwards (unless --redis is yours).",
            "When an Ollama answers (OLLAMA_HOST, else localhost:11434) and has a model, the internal LLM",
            "service runs a text task too, streamed; else, with OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY",
            "set, that provider's service runs it; otherwise the demo says so plainly and runs the rest."})
final class DemoCommand implements Callable<Integer> {
    static final String TEXT =
            "Gleitzeit coordinates workflows of LLM and function tasks. Every transition is an event in Redis "
            + "Streams, replicas are stateless, and services in any language connect over Socket.IO.";

    @Option(names = "--redis", paramLabel = "URL",
            description = "A Redis to use (env GLEITZEIT_REDIS_URL is NOT read: the demo never writes to your "
                    + "Redis unless asked). Unset: a throwaway redis-server on a free port.")
    String redisUrl;

    @Option(names = "--json", description = "Print the room events as JSON lines instead of the progress view.")
    boolean json;

    @Option(names = "--ollama", paramLabel = "URL", defaultValue = "${env:OLLAMA_HOST}",
            description = "The Ollama to run the text task on (env OLLAMA_HOST; default: http://localhost:11434).")
    String ollama;

    @Option(names = "--verbose", description = "Show the components' log (on standard error).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!verbose) {
            Logging.quiet();
        }
        TextTasks text = TextTasks.probe(TextTasks.ollamaUrl(ollama));
        if (!json) {
            out.println("gleitzeit demo: starting Redis, an orchestrator node with its hub, and the function service");
            out.flush();
        }
        ClusterOptions options;
        try {
            ClusterOptions.Builder builder = ClusterOptions.newBuilder().redisUrl(redisUrl).keyPrefix("gz-demo:")
                    .partitions(4);
            text.ollamaUrl().ifPresent(url -> builder.internalLlm(InternalLlmOptions.newBuilder()
                    .endpoints(List.of(OllamaEndpointConfig.of("local", url))).build()));
            text.provider().ifPresent(provider -> builder.service(EmbeddedService.provider(provider)));
            options = builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis: " + e.getMessage().replaceFirst("^redisUrl: ", ""), e);
        }
        try (GleitzeitCluster cluster = GleitzeitCluster.start(options)) {
            if (!json) {
                out.printf("hub %s, Redis %s%n", cluster.hubUrl(), cluster.redisUrl());
                out.println(text.explanation());
                out.flush();
            }
            ClusterWorkflow workflow = exampleWorkflow(cluster, text.model());
            FollowView view = new FollowView(out, json);
            WorkflowCompletedNotice result = workflow.submit(view).join();
            if (!json) {
                out.println();
                out.println("results:");
                for (String task : workflow.document().taskNames()) {
                    if (result.results().containsKey(task)) {
                        out.println("  " + task + ": " + result.results().get(task));
                    }
                }
                out.println();
                out.println("Next: `./gleitzeit up` runs the same parts until Ctrl-C; `./gleitzeit submit FILE "
                        + "--follow` sends your own workflow (docs/workflow-documents.md, docs/cli.md).");
            }
            out.flush();
            return "completed".equals(result.status()) ? 0 : 1;
        }
    }

    /**
     * Two independent branches (numbers and text) that meet in a report, so the run shows parallel tasks,
     * dependencies and {@code {{Task.result}}} data flow; with a model, a text task explains the statistics.
     */
    static ClusterWorkflow exampleWorkflow(GleitzeitCluster cluster, Optional<String> model) {
        ClusterWorkflow workflow = cluster.createWorkflow("Gleitzeit demo")
                .addFunctionTask("Fibonacci", "fibonacci_sequence", Map.of("n", 20))
                .addFunctionTask("Number Stats", "analyze_numbers", List.of("{{Fibonacci.result}}"), Map.of(),
                        "Fibonacci")
                .addFunctionTask("Prime Factors", "prime_factors", Map.of("n", 6765L))
                .addFunctionTask("Text Stats", "text_statistics", Map.of("text", TEXT))
                .addFunctionTask("Top Words", "word_frequency", Map.of("text", TEXT, "top_n", 5))
                .addFunctionTask("Fingerprint", "hash_text", List.of("{{Top Words.result.top_words.0.0}}"),
                        Map.of("algorithm", "sha256"), "Top Words");
        model.ifPresent(m -> workflow.addTextTask("Explain", "In two short sentences, explain what these statistics "
                + "of the first 20 Fibonacci numbers show: {{Number Stats.result}}", m, "Number Stats"));
        return workflow;
    }
}
