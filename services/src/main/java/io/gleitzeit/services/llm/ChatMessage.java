package io.gleitzeit.services.llm;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * @param role    {@code system}, {@code user} or {@code assistant}
 * @param content its text
 * @param images  images that go with it (user turns of vision tasks)
 */
public record ChatMessage(String role, String content, List<ImageInput> images) {
    public static final List<String> ROLES = List.of("system", "user", "assistant");

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", was '" + role + "'");
        }
        Objects.requireNonNull(content, "content");
        images = List.copyOf(images);
    }
}
