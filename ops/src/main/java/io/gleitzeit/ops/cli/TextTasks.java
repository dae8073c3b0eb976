package io.gleitzeit.ops.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Why the demo runs no text tasks, in one line naming what was found. Text tasks need an LLM service connected to
 * the hub, which needs a reachable Ollama or a configured provider; this build of the all-in-one starts no LLM
 * service (the internal LLM service plugs into {@code GleitzeitCluster} through
 * {@code ClusterOptions.Builder#service}), so the user learns what is there and what is missing.
 */
final class TextTasks {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private TextTasks() {
    }

    /** Looks for Ollama ({@code OLLAMA_HOST}, else localhost:11434) and provider keys in the environment. */
    static String explanation() {
        String ollama = ollamaUrl();
        boolean ollamaUp = reachable(ollama + "/api/tags");
        boolean provider = System.getenv("OPENAI_API_KEY") != null || System.getenv("ANTHROPIC_API_KEY") != null
                || System.getenv("GEMINI_API_KEY") != null;
        String found = ollamaUp ? "Ollama answers at " + ollama
                : provider ? "a provider API key is set" : "no Ollama at " + ollama + " and no provider API key";
        return "text tasks skipped: " + found + ", but this all-in-one build starts no LLM service yet; "
                + "running the function tasks only";
    }

    private static String ollamaUrl() {
        String host = System.getenv("OLLAMA_HOST");
        if (host == null || host.isBlank()) {
            return "http://localhost:11434";
        }
        return host.startsWith("http") ? host.replaceAll("/+$", "") : "http://" + host;
    }

    private static boolean reachable(String url) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
