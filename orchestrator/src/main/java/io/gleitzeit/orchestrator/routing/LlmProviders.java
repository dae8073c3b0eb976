package io.gleitzeit.orchestrator.routing;

import java.util.Locale;

/** Which LLM provider serves a text or vision task (PROTOCOL.md, "provider"). */
public final class LlmProviders {
    /** Local Ollama endpoints. */
    public static final String INTERNAL = "internal";
    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    public static final String GEMINI = "gemini";

    private LlmProviders() {
    }

    /**
     * The provider a task names, or, when it names none, the one its model implies: {@code gpt-*} is OpenAI,
     * {@code claude-*} Anthropic, {@code gemini-*} Gemini, anything else (or no model) the internal endpoints.
     */
    public static String resolve(String provider, String model) {
        if (provider != null && !provider.isBlank()) {
            return provider;
        }
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (m.startsWith("gpt-")) {
            return OPENAI;
        }
        if (m.startsWith("claude-")) {
            return ANTHROPIC;
        }
        if (m.startsWith("gemini-")) {
            return GEMINI;
        }
        return INTERNAL;
    }
}
