package io.gleitzeit.services.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.protocol.Usage;
import io.gleitzeit.services.llm.ChatMessage;
import io.gleitzeit.services.llm.ImageInput;
import io.gleitzeit.services.llm.LlmReply;
import io.gleitzeit.services.llm.LlmRequest;
import io.gleitzeit.services.llm.http.HttpExchange;
import io.gleitzeit.services.llm.http.JsonHttp;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Ollama's HTTP API as documented (docs/api.md of ollama/ollama): {@code POST /api/generate} for a prompt,
 * {@code POST /api/chat} for a conversation, both streaming NDJSON ({@code {"response"|"message": …, "done": false}}
 * lines, then a {@code done: true} line with {@code prompt_eval_count} and {@code eval_count}) or answering once;
 * {@code GET /api/tags} (models on disk) and {@code GET /api/ps} (models in memory with {@code size_vram}).
 */
public final class OllamaApi {
    private final JsonHttp http;

    public OllamaApi(JsonHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** What {@code /api/ps} says: the models in memory and the GPU memory they use. */
    public record Loaded(List<String> models, long vramUsedBytes) {
        public Loaded {
            models = List.copyOf(models);
        }
    }

    /**
     * Runs one request on an endpoint; streamed text goes to {@code chunks} as it arrives. The request's images must
     * be inline (Ollama takes base64 only).
     */
    public LlmReply generate(OllamaEndpointConfig endpoint, LlmRequest request, Consumer<String> chunks)
            throws OllamaCallException, InterruptedException {
        boolean chat = request.messages().size() > 1 || request.messages().get(0).role().equals("system")
                || request.messages().get(0).role().equals("assistant");
        ObjectNode body = chat ? chatBody(request) : generateBody(request);
        String path = chat ? "/api/chat" : "/api/generate";
        try (HttpExchange exchange = http.post(endpoint.api(path), Map.of(), body)) {
            if (!exchange.isSuccess()) {
                throw failure(endpoint, exchange.status(), errorMessage(exchange));
            }
            StringBuilder text = new StringBuilder();
            JsonNode last = null;
            String line;
            while ((line = exchange.nextLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(endpoint, line);
                if (node.hasNonNull("error")) {
                    // an error after the stream began: the model crashed or ran out of memory on the endpoint
                    throw new OllamaCallException(OllamaCallException.Kind.ENDPOINT, endpoint.name(),
                            node.get("error").asText(), null);
                }
                String piece = chat ? node.path("message").path("content").asText("")
                        : node.path("response").asText("");
                if (!piece.isEmpty()) {
                    text.append(piece);
                    if (request.stream()) {
                        chunks.accept(piece);
                    }
                }
                last = node;
                if (node.path("done").asBoolean(false)) {
                    break;
                }
            }
            if (last == null || !last.path("done").asBoolean(false)) {
                throw new OllamaCallException(OllamaCallException.Kind.ENDPOINT, endpoint.name(),
                        "the response ended before its final ('done': true) line", null);
            }
            Usage usage = last.has("prompt_eval_count") || last.has("eval_count")
                    ? new Usage(last.path("prompt_eval_count").asLong(0), last.path("eval_count").asLong(0)) : null;
            return new LlmReply(text.toString(), last.path("model").asText(request.model()), usage, endpoint.name());
        } catch (HttpTimeoutException e) {
            throw new OllamaCallException(OllamaCallException.Kind.ENDPOINT, endpoint.name(),
                    "timed out: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OllamaCallException(OllamaCallException.Kind.ENDPOINT, endpoint.name(),
                    "unreachable or broke off: " + describe(e), e);
        }
    }

    /** The names of the models the endpoint has ({@code GET /api/tags}). */
    public List<String> tags(OllamaEndpointConfig endpoint) throws OllamaCallException, InterruptedException {
        JsonNode models = getJson(endpoint, "/api/tags").path("models");
        List<String> names = new ArrayList<>();
        models.forEach(m -> names.add(m.path("name").asText(m.path("model").asText())));
        return names;
    }

    /** The models in memory and their GPU memory ({@code GET /api/ps}). */
    public Loaded ps(OllamaEndpointConfig endpoint) throws OllamaCallException, InterruptedException {
        JsonNode models = getJson(endpoint, "/api/ps").path("models");
        List<String> names = new ArrayList<>();
        long vram = 0;
        for (JsonNode m : models) {
            names.add(m.path("name").asText(m.path("model").asText()));
            vram += m.path("size_vram").asLong(0);
        }
        return new Loaded(names, vram);
    }

    private JsonNode getJson(OllamaEndpointConfig endpoint, String path)
            throws OllamaCallException, InterruptedException {
        try (HttpExchange exchange = http.get(endpoint.api(path), Map.of())) {
            if (!exchange.isSuccess()) {
                throw failure(endpoint, exchange.status(), errorMessage(exchange));
            }
            return parse(endpoint, exchange.text());
        } catch (IOException e) {
            throw new OllamaCallException(OllamaCallException.Kind.ENDPOINT, endpoint.name(),
                    path + " failed: " + describe(e), e);
        }
    }

    private ObjectNode generateBody(LlmRequest request) {
        ObjectNode body = http.mapper().createObjectNode();
        body.put("model", request.model());
        ChatMessage only = request.messages().get(0);
        body.put("prompt", only.content());
        if (request.system() != null) {
            body.put("system", request.system());
        }
        if (!only.images().isEmpty()) {
            body.set("images", images(only.images()));
        }
        body.put("stream", request.stream());
        options(body, request);
        return body;
    }

    private ObjectNode chatBody(LlmRequest request) {
        ObjectNode body = http.mapper().createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (request.system() != null) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (ChatMessage m : request.messages()) {
            ObjectNode message = messages.addObject().put("role", m.role()).put("content", m.content());
            if (!m.images().isEmpty()) {
                message.set("images", images(m.images()));
            }
        }
        body.put("stream", request.stream());
        options(body, request);
        return body;
    }

    private ArrayNode images(List<ImageInput> images) {
        ArrayNode array = http.mapper().createArrayNode();
        for (ImageInput image : images) {
            if (!image.isInline()) {
                throw new IllegalStateException("images must be fetched before they go to Ollama: " + image);
            }
            array.add(image.base64());
        }
        return array;
    }

    private static void options(ObjectNode body, LlmRequest request) {
        if (request.temperature() == null && request.maxTokens() == null) {
            return;
        }
        ObjectNode options = body.putObject("options");
        if (request.temperature() != null) {
            options.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            options.put("num_predict", request.maxTokens());
        }
    }

    private JsonNode parse(OllamaEndpointConfig endpoint, String text) throws OllamaCallException {
        try {
            return http.parse(text);
        } catch (IOException e) {
            throw new OllamaCallException(OllamaCallException.Kind.ENDPOINT, endpoint.name(),
                    "answered with something that is not JSON: " + abbreviate(text), e);
        }
    }

    private static OllamaCallException failure(OllamaEndpointConfig endpoint, int status, String message) {
        OllamaCallException.Kind kind;
        if (status == 404) {
            kind = OllamaCallException.Kind.MODEL_MISSING;
        } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
            kind = OllamaCallException.Kind.REJECTED;
        } else {
            kind = OllamaCallException.Kind.ENDPOINT;
        }
        return new OllamaCallException(kind, endpoint.name(), "HTTP " + status + ": " + message, null);
    }

    /** Ollama's error bodies are {@code {"error": "..."}}; anything else is quoted briefly. */
    private String errorMessage(HttpExchange exchange) throws InterruptedException {
        try {
            String text = exchange.text();
            try {
                JsonNode node = http.parse(text);
                if (node.hasNonNull("error")) {
                    return node.get("error").asText();
                }
            } catch (IOException notJson) {
                // fall through to the raw text
            }
            return abbreviate(text);
        } catch (IOException e) {
            return "(no readable body: " + describe(e) + ")";
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
