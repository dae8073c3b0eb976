package io.gleitzeit.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.gleitzeit.services.llm.provider.ApiKey;
import io.gleitzeit.services.llm.provider.ProviderKind;
import io.gleitzeit.services.llm.provider.ProviderOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the demo can run a text task: it can when an Ollama answers ({@code OLLAMA_HOST}, else
 * {@code localhost:11434}) and has a model, in which case the demo starts the internal LLM service over it; else when
 * a provider's API key is in the environment ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY},
 * {@code GEMINI_API_KEY}, first found), in which case it starts that provider's service. Otherwise the explanation
 * says plainly what was found and what is missing.
 *
 * @param ollamaUrl   the Ollama to use, when text tasks run on it
 * @param provider    the external provider to use, when text tasks run on one
 * @param model       the model to use, when text tasks can run
 * @param explanation one line for the user (never the key)
 */
record TextTasks(Optional<String> ollamaUrl, Optional<ProviderOptions> provider, Optional<String> model,
                 String explanation) {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** The providers the demo looks for, in this order: key variable, kind, a small inexpensive model. */
    private record KnownProvider(String keyVariable, String name, ProviderKind kind, String model) {
    }

    private static final List<KnownProvider> PROVIDERS = List.of(
            new KnownProvider("OPENAI_API_KEY", "openai", ProviderKind.OPENAI, "gpt-4o-mini"),
            new KnownProvider("ANTHROPIC_API_KEY", "anthropic", ProviderKind.ANTHROPIC, "claude-3-5-haiku-latest"),
            new KnownProvider("GEMINI_API_KEY", "gemini", ProviderKind.GEMINI, "gemini-1.5-flash"));

    boolean available() {
        return model.isPresent();
    }

    /** Looks for Ollama at {@code ollama} and its models, then for a provider key in the process environment. */
    static TextTasks probe(String ollama) {
        return probe(ollama, System.getenv());
    }

    /** {@link #probe(String)} over the environment {@code env}. */
    static TextTasks probe(String ollama, Map<String, String> env) {
        Optional<JsonNode> tags = tags(ollama);
        String ollamaFinding = "no Ollama at " + ollama + " (set OLLAMA_HOST)";
        if (tags.isPresent()) {
            JsonNode models = tags.get().path("models");
            if (models.isArray() && !models.isEmpty() && models.get(0).hasNonNull("name")) {
                String model = models.get(0).get("name").asText();
                return new TextTasks(Optional.of(ollama), Optional.empty(), Optional.of(model), "text tasks: Ollama at "
                        + ollama + " with model " + model + " (the internal LLM service runs them)");
            }
            ollamaFinding = "Ollama at " + ollama + " has no model (try `ollama pull llama3.2`)";
        }
        for (KnownProvider known : PROVIDERS) {
            String key = env.get(known.keyVariable());
            if (key != null && !key.isBlank()) {
                ProviderOptions options = ProviderOptions.newBuilder(known.name(), known.kind())
                        .apiKey(ApiKey.of(key.strip())).build();
                return new TextTasks(Optional.empty(), Optional.of(options), Optional.of(known.model()),
                        "text tasks: " + ollamaFinding.replace(" (set OLLAMA_HOST)", "") + "; using "
                                + known.name() + " (" + known.keyVariable() + " is set) with model " + known.model());
            }
        }
        return new TextTasks(Optional.empty(), Optional.empty(), Optional.empty(), "text tasks skipped: "
                + ollamaFinding + " and no provider key (OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY); "
                + "running the function tasks only");
    }

    static String ollamaUrl(String host) {
        if (host == null || host.isBlank()) {
            return "http://localhost:11434";
        }
        String url = host.startsWith("http://") || host.startsWith("https://") ? host : "http://" + host;
        return url.replaceAll("/+$", "");
    }

    private static Optional<JsonNode> tags(String ollama) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ollama + "/api/tags"))
                    .timeout(PROBE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(new ObjectMapper().readTree(response.body()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
