package io.gleitzeit.event;

/** LLM token counts reported with a completion. */
public record TokenUsage(long promptTokens, long completionTokens) {
    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }
}
