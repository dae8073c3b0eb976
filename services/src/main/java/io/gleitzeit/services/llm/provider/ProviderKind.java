package io.gleitzeit.services.llm.provider;

import java.net.URI;
import java.util.Locale;

/** The wire formats external providers speak, and where each is by default. */
public enum ProviderKind {
    /** OpenAI Chat Completions. */
    OPENAI("https://api.openai.com/v1"),
    /** Anthropic Messages. */
    ANTHROPIC("https://api.anthropic.com"),
    /** Google Gemini {@code generateContent}. */
    GEMINI("https://generativelanguage.googleapis.com"),
    /** Any server with OpenAI's Chat Completions API (vLLM, llama.cpp server, LM Studio); no default URL. */
    OPENAI_COMPATIBLE(null);

    private final String defaultBaseUrl;

    ProviderKind(String defaultBaseUrl) {
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** Where the provider is unless configured otherwise; {@code null} for OpenAI-compatible servers. */
    public URI defaultBaseUrl() {
        return defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
    }

    /** {@code openai}, {@code anthropic}, {@code gemini}; custom providers go by their own name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    WireFormat format() {
        return switch (this) {
            case OPENAI, OPENAI_COMPATIBLE -> new OpenAiFormat();
            case ANTHROPIC -> new AnthropicFormat();
            case GEMINI -> new GeminiFormat();
        };
    }
}
