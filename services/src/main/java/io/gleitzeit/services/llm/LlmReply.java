package io.gleitzeit.services.llm;

import io.gleitzeit.protocol.Usage;
import java.util.Objects;

/**
 * A model's answer.
 *
 * @param text       the whole text (also when it was streamed)
 * @param model      the model that answered
 * @param usage      token counts, or {@code null} when the server reported none
 * @param endpointId the endpoint or provider that answered
 */
public record LlmReply(String text, String model, Usage usage, String endpointId) {
    public LlmReply {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(endpointId, "endpointId");
    }
}
