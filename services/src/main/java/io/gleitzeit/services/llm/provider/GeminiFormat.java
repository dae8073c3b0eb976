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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Google Gemini ({@code POST {base}/v1beta/models/{model}:generateContent}, or {@code :streamGenerateContent?alt=sse};
 * {@code x-goog-api-key}): {@code contents} of {@code user}/{@code model} turns with {@code text} and
 * {@code inline_data} parts, {@code systemInstruction}, {@code generationConfig}; every streamed event is a partial
 * response with {@code candidates[0].content.parts[].text} and the running {@code usageMetadata}.
 */
final class GeminiFormat implements WireFormat {

    @Override
    public Call call(ProviderOptions options, LlmRequest request, ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode contents = body.putArray("contents");
        StringBuilder system = new StringBuilder(request.system() == null ? "" : request.system());
        for (ChatMessage m : request.messages()) {
            if (m.role().equals("system")) {
                system.append(system.length() > 0 ? "\n\n" : "").append(m.content());
                continue;
            }
            ObjectNode content = contents.addObject().put("role", m.role().equals("assistant") ? "model" : "user");
            ArrayNode parts = content.putArray("parts");
            parts.addObject().put("text", m.content());
            for (ImageInput image : m.images()) {
                if (!image.isInline()) {
                    throw new IllegalStateException("Gemini takes inline images only: " + image);
                }
                parts.addObject().putObject("inline_data").put("mime_type", image.mediaType())
                        .put("data", image.base64());
            }
        }
        if (system.length() > 0) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system.toString());
        }
        if (request.temperature() != null || request.maxTokens() != null) {
            ObjectNode config = body.putObject("generationConfig");
            if (request.temperature() != null) {
                config.put("temperature", request.temperature());
            }
            if (request.maxTokens() != null) {
                config.put("maxOutputTokens", request.maxTokens());
            }
        }
        String model = URLEncoder.encode(request.model(), StandardCharsets.UTF_8);
        String method = request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return new Call(URI.create(options.baseUrl() + "/v1beta/models/" + model + method),
                Map.of("x-goog-api-key", options.apiKey().value()), body);
    }

    @Override
    public boolean needsInlineImages() {
        return true;
    }

    @Override
    public Answer answer(JsonNode body) {
        return new Answer(text(body), body.path("modelVersion").asText(null), usage(body.path("usageMetadata")));
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
                    return false;
                }
                if (data.hasNonNull("error")) {
                    throw new StreamError(data.path("error").path("message").asText(data.get("error").toString()));
                }
                String piece = text(data);
                if (!piece.isEmpty()) {
                    text.append(piece);
                    chunks.accept(piece);
                }
                model = data.path("modelVersion").asText(model);
                Usage latest = usage(data.path("usageMetadata"));
                usage = latest != null ? latest : usage;
                // Gemini ends the stream by closing it; the last event carries a finishReason
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

    private static String text(JsonNode response) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : response.path("candidates").path(0).path("content").path("parts")) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    private static Usage usage(JsonNode metadata) {
        return metadata.isObject() ? new Usage(metadata.path("promptTokenCount").asLong(0),
                metadata.path("candidatesTokenCount").asLong(0)) : null;
    }
}
