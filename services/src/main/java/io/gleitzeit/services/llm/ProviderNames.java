package io.gleitzeit.services.llm;

import java.util.Locale;

/** Which provider a task goes to (PROTOCOL.md): its {@code provider}, else by the model name's prefix. */
public final class ProviderNames {
    public static final String INTERNAL = "internal";
    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    public static final String GEMINI = "gemini";

    private ProviderNames() {
    }

    /** {@code provider} when given; {@code gpt-*} → openai, {@code claude-*} → anthropic, {@code gemini-*} → gemini,
     * anything else (or no model) → internal. */
    public static String resolve(String provider, String model) {
        if (provider != null && !provider.isBlank()) {
            return provider.trim();
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
