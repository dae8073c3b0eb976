package io.gleitzeit.services.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a text or vision task asks of a model, read from the task's parameters ({@code prompt, model, provider,
 * image, temperature, max_tokens, system}, PROTOCOL.md), plus {@code messages[]} for a conversation, {@code images[]}
 * for several images and {@code stream} (default {@code true}: tokens are relayed as {@code chunk}s).
 *
 * @param messages    the conversation, ending with the user's turn; a {@code prompt} becomes one user message
 * @param model       the model, or {@code null} for the backend's default
 * @param provider    the provider named by the task, or {@code null} to follow the model name
 * @param system      the system prompt, or {@code null}
 * @param temperature sampling temperature, or {@code null} for the model's default
 * @param maxTokens   the most tokens to write, or {@code null} for the backend's default
 * @param stream      whether to stream the answer as chunks
 */
public record LlmRequest(List<ChatMessage> messages, String model, String provider, String system,
                         Double temperature, Integer maxTokens, boolean stream) {

    public LlmRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must hold at least one message");
        }
    }

    /** The text of the last user message: the prompt. */
    public String prompt() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return messages.get(messages.size() - 1).content();
    }

    /** Every image of the conversation. */
    public List<ImageInput> images() {
        List<ImageInput> images = new ArrayList<>();
        messages.forEach(m -> images.addAll(m.images()));
        return images;
    }

    public Optional<String> modelName() {
        return Optional.ofNullable(model);
    }

    /** The same request for another model (a backend's default filled in). */
    public LlmRequest withModel(String model) {
        return new LlmRequest(messages, model, provider, system, temperature, maxTokens, stream);
    }

    /** The same request with these messages (images fetched inline). */
    public LlmRequest withMessages(List<ChatMessage> messages) {
        return new LlmRequest(messages, model, provider, system, temperature, maxTokens, stream);
    }

    /**
     * Reads a task's parameters; every problem is an {@link IllegalArgumentException} naming the field's JSON path.
     *
     * @param parameters the task's {@code external_parameters} (or {@code parameters})
     * @param vision     whether the task is a vision task, which needs an image
     */
    public static LlmRequest from(JsonNode parameters, boolean vision) {
        if (parameters == null || !parameters.isObject()) {
            throw new IllegalArgumentException("$ must be an object of task parameters");
        }
        List<ImageInput> images = images(parameters);
        List<ChatMessage> messages = new ArrayList<>();
        JsonNode list = parameters.get("messages");
        String prompt = optionalText(parameters, "prompt");
        if (list != null && !list.isNull()) {
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException("$.messages must be a non-empty array of {role, content}");
            }
            for (int i = 0; i < list.size(); i++) {
                messages.add(message(list.get(i), "$.messages[" + i + "]"));
            }
            if (prompt != null) {
                messages.add(new ChatMessage("user", prompt, List.of()));
            }
        } else {
            if (prompt == null) {
                throw new IllegalArgumentException("$.prompt is required (a non-empty string)");
            }
            messages.add(new ChatMessage("user", prompt, List.of()));
        }
        if (!images.isEmpty()) {
            int last = lastUser(messages);
            if (last < 0) {
                throw new IllegalArgumentException("$.image needs a user message to go with");
            }
            ChatMessage user = messages.get(last);
            List<ImageInput> all = new ArrayList<>(user.images());
            all.addAll(images);
            messages.set(last, new ChatMessage("user", user.content(), all));
        }
        if (vision && messages.stream().allMatch(m -> m.images().isEmpty())) {
            throw new IllegalArgumentException("$.image is required for vision tasks (base64 data or a URL)");
        }
        Double temperature = null;
        JsonNode t = parameters.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.doubleValue() < 0 || t.doubleValue() > 2) {
                throw new IllegalArgumentException("$.temperature must be a number from 0 to 2, was " + t);
            }
            temperature = t.doubleValue();
        }
        Integer maxTokens = null;
        JsonNode m = parameters.get("max_tokens");
        if (m != null && !m.isNull()) {
            if (!m.canConvertToInt() || !m.isIntegralNumber() || m.intValue() < 1) {
                throw new IllegalArgumentException("$.max_tokens must be a positive integer, was " + m);
            }
            maxTokens = m.intValue();
        }
        boolean stream = true;
        JsonNode s = parameters.get("stream");
        if (s != null && !s.isNull()) {
            if (!s.isBoolean()) {
                throw new IllegalArgumentException("$.stream must be true or false, was " + s);
            }
            stream = s.booleanValue();
        }
        return new LlmRequest(messages, optionalText(parameters, "model"), optionalText(parameters, "provider"),
                optionalString(parameters, "system"), temperature, maxTokens, stream);
    }

    private static List<ImageInput> images(JsonNode parameters) {
        List<ImageInput> images = new ArrayList<>();
        JsonNode one = parameters.get("image");
        if (one != null && !one.isNull()) {
            if (!one.isTextual()) {
                throw new IllegalArgumentException("$.image must be a string (base64 data or a URL)");
            }
            images.add(ImageInput.parse(one.textValue(), "$.image"));
        }
        JsonNode many = parameters.get("images");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw new IllegalArgumentException("$.images must be an array of strings");
            }
            for (int i = 0; i < many.size(); i++) {
                JsonNode image = many.get(i);
                if (!image.isTextual()) {
                    throw new IllegalArgumentException("$.images[" + i + "] must be a string");
                }
                images.add(ImageInput.parse(image.textValue(), "$.images[" + i + "]"));
            }
        }
        return images;
    }

    private static ChatMessage message(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + " must be an object {role, content}");
        }
        JsonNode role = node.get("role");
        if (role == null || !role.isTextual() || !ChatMessage.ROLES.contains(role.textValue())) {
            throw new IllegalArgumentException(path + ".role must be one of " + ChatMessage.ROLES);
        }
        JsonNode content = node.get("content");
        if (content == null || !content.isTextual()) {
            throw new IllegalArgumentException(path + ".content must be a string");
        }
        return new ChatMessage(role.textValue(), content.textValue(), List.of());
    }

    private static int lastUser(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return i;
            }
        }
        return -1;
    }

    private static String optionalText(JsonNode parameters, String field) {
        String value = optionalString(parameters, field);
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException("$." + field + " must not be blank");
        }
        return value;
    }

    private static String optionalString(JsonNode parameters, String field) {
        JsonNode node = parameters.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("$." + field + " must be a string, was " + node.getNodeType());
        }
        return node.textValue();
    }
}
