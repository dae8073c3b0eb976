package io.gleitzeit.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether the demo can run a text task: it can when an Ollama answers ({@code OLLAMA_HOST}, else
 * {@code localhost:11434}) and has a model, in which case the demo starts the internal LLM service over it.
 * Otherwise the explanation says plainly what was found and what is missing.
 *
 * @param ollamaUrl   the Ollama to use, when text tasks can run
 * @param model       the model to use (the first the endpoint lists), when text tasks can run
 * @param explanation one line for the user
 */
record TextTasks(Optional<String> ollamaUrl, Optional<String> model, String explanation) {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    boolean available() {
        return ollamaUrl.isPresent() && model.isPresent();
    }

    /** Looks for Ollama at {@code ollama} and its models, and for provider keys to mention. */
    static TextTasks probe(String ollama) {
        Optional<JsonNode> tags = tags(ollama);
        if (tags.isPresent()) {
            JsonNode models = tags.get().path("models");
            if (models.isArray() && !models.isEmpty() && models.get(0).hasNonNull("name")) {
                String model = models.get(0).get("name").asText();
                return new TextTasks(Optional.of(ollama), Optional.of(model), "text tasks: Ollama at " + ollama
                        + " with model " + model + " (the internal LLM service runs them)");
            }
            return none("Ollama at " + ollama + " has no model (try `ollama pull llama3.2`)");
        }
        boolean provider = System.getenv("OPENAI_API_KEY") != null || System.getenv("ANTHROPIC_API_KEY") != null
                || System.getenv("GEMINI_API_KEY") != null;
        return none(provider ? "no Ollama at " + ollama + "; a provider API key is set, but the demo runs only "
                + "the internal (Ollama) LLM service" : "no Ollama at " + ollama + " (set OLLAMA_HOST) and no "
                + "LLM service");
    }

    private static TextTasks none(String why) {
        return new TextTasks(Optional.empty(), Optional.empty(),
                "text tasks skipped: " + why + "; running the function tasks only");
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
