package io.gleitzeit.services.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.protocol.Usage;
import io.gleitzeit.services.llm.ChatMessage;
import io.gleitzeit.services.llm.ImageInput;
import io.gleitzeit.services.llm.LlmRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenAI Chat Completions ({@code POST {base}/chat/completions}, bearer key): {@code messages} with text or
 * {@code text}/{@code image_url} parts; streamed as SSE {@code data:} chunks with {@code choices[0].delta.content},
 * usage in a last chunk ({@code stream_options.include_usage}), then {@code data: [DONE]}.
 */
final class OpenAiFormat implements WireFormat {

    @Override
    public Call call(ProviderOptions options, LlmRequest request, ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (request.system() != null) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (ChatMessage m : request.messages()) {
            ObjectNode message = messages.addObject().put("role", m.role());
            if (m.images().isEmpty()) {
                message.put("content", m.content());
            } else {
                ArrayNode parts = message.putArray("content");
                parts.addObject().put("type", "text").put("text", m.content());
                for (ImageInput image : m.images()) {
                    parts.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", image.isInline() ? image.dataUrl() : image.url().toString());
                }
            }
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (request.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (options.apiKey() != null) {
            headers.put("Authorization", "Bearer " + options.apiKey().value());
        }
        return new Call(URI.create(options.baseUrl() + "/chat/completions"), headers, body);
    }

    @Override
    public boolean needsInlineImages() {
        return false;
    }

    @Override
    public Answer answer(JsonNode body) {
        String text = body.path("choices").path(0).path("message").path("content").asText("");
        return new Answer(text, body.path("model").asText(null), usage(body.path("usage")));
    }

    @Override
    public StreamReader streamReader() {
        return new StreamReader() {
            private final StringBuilder text = new StringBuilder();
            private String model;
            private Usage usage;

            @Override
            public boolean accept(String event, JsonNode data, Consumer<String> chunks) throws StreamError {
                if (data == null) {
                    return true; // data: [DONE]
                }
                if (data.hasNonNull("error")) {
                    throw new StreamError(data.path("error").path("message").asText(data.get("error").toString()));
                }
                model = data.path("model").asText(model);
                String piece = data.path("choices").path(0).path("delta").path("content").asText("");
                if (!piece.isEmpty()) {
                    text.append(piece);
                    chunks.accept(piece);
                }
                if (data.hasNonNull("usage")) {
                    usage = usage(data.get("usage"));
                }
                return false;
            }

            @Override
            public Answer answer() {
                return new Answer(text.toString(), model, usage);
            }
        };
    }

    @Override
    public String errorMessage(JsonNode body) {
        JsonNode message = body.path("error").path("message");
        return message.isTextual() ? message.textValue() : null;
    }

    private static Usage usage(JsonNode usage) {
        return usage.isObject() ? new Usage(usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0)) : null;
    }
}
