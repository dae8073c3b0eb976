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
import java.util.Map;
import java.util.function.Consumer;

/**
 * Anthropic Messages ({@code POST {base}/v1/messages}, {@code x-api-key}, {@code anthropic-version: 2023-06-01}):
 * {@code system} apart from {@code messages}, {@code max_tokens} required, images as {@code image} blocks; streamed as
 * named SSE events {@code message_start} (input tokens), {@code content_block_delta} ({@code text_delta}),
 * {@code message_delta} (output tokens), {@code message_stop}, {@code ping}, {@code error}.
 */
final class AnthropicFormat implements WireFormat {
    static final String VERSION = "2023-06-01";

    @Override
    public Call call(ProviderOptions options, LlmRequest request, ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode().put("model", request.model())
                .put("max_tokens", request.maxTokens() != null ? request.maxTokens() : options.defaultMaxTokens());
        StringBuilder system = new StringBuilder(request.system() == null ? "" : request.system());
        ArrayNode messages = mapper.createArrayNode();
        for (ChatMessage m : request.messages()) {
            if (m.role().equals("system")) {
                // the Messages API has no system turns: they join the system prompt
                system.append(system.length() > 0 ? "\n\n" : "").append(m.content());
                continue;
            }
            ObjectNode message = messages.addObject().put("role", m.role());
            if (m.images().isEmpty()) {
                message.put("content", m.content());
            } else {
                ArrayNode blocks = message.putArray("content");
                for (ImageInput image : m.images()) {
                    ObjectNode source = blocks.addObject().put("type", "image").putObject("source");
                    if (image.isInline()) {
                        source.put("type", "base64").put("media_type", image.mediaType()).put("data", image.base64());
                    } else {
                        source.put("type", "url").put("url", image.url().toString());
                    }
                }
                blocks.addObject().put("type", "text").put("text", m.content());
            }
        }
        if (system.length() > 0) {
            body.put("system", system.toString());
        }
        body.set("messages", messages);
        if (request.temperature() != null) {
            // Anthropic's range is 0–1; the workflow's is OpenAI's 0–2
            body.put("temperature", Math.min(1.0, request.temperature()));
        }
        if (request.stream()) {
            body.put("stream", true);
        }
        return new Call(URI.create(options.baseUrl() + "/v1/messages"),
                Map.of("x-api-key", options.apiKey().value(), "anthropic-version", VERSION), body);
    }

    @Override
    public boolean needsInlineImages() {
        return false;
    }

    @Override
    public Answer answer(JsonNode body) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : body.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText(""));
            }
        }
        JsonNode usage = body.path("usage");
        return new Answer(text.toString(), body.path("model").asText(null), usage.isObject()
                ? new Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0)) : null);
    }

    @Override
    public StreamReader streamReader() {
        return new StreamReader() {
            private final StringBuilder text = new StringBuilder();
            private String model;
            private long input;
            private long output;
            private boolean sawUsage;

            @Override
            public boolean accept(String event, JsonNode data, Consumer<String> chunks) throws StreamError {
                String type = data == null ? event : data.path("type").asText(event);
                switch (type) {
                    case "message_start" -> {
                        JsonNode message = data.path("message");
                        model = message.path("model").asText(null);
                        input = message.path("usage").path("input_tokens").asLong(0);
                        output = message.path("usage").path("output_tokens").asLong(0);
                        sawUsage = true;
                    }
                    case "content_block_delta" -> {
                        JsonNode delta = data.path("delta");
                        if ("text_delta".equals(delta.path("type").asText())) {
                            String piece = delta.path("text").asText("");
                            if (!piece.isEmpty()) {
                                text.append(piece);
                                chunks.accept(piece);
                            }
                        }
                    }
                    case "message_delta" -> {
                        JsonNode usage = data.path("usage");
                        if (usage.has("output_tokens")) {
                            output = usage.path("output_tokens").asLong(output);
                            sawUsage = true;
                        }
                    }
                    case "message_stop" -> {
                        return true;
                    }
                    case "error" -> throw new StreamError(data.path("error").path("type").asText("error") + ": "
                            + data.path("error").path("message").asText(""));
                    default -> {
                        // ping, content_block_start, content_block_stop and future events carry no text
                    }
                }
                return false;
            }

            @Override
            public Answer answer() {
                return new Answer(text.toString(), model, sawUsage ? new Usage(input, output) : null);
            }
        };
    }

    @Override
    public String errorMessage(JsonNode body) {
        JsonNode message = body.path("error").path("message");
        return message.isTextual() ? message.textValue() : null;
    }
}
