package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.llm.provider.ProviderKind;
import picocli.CommandLine.Command;

/** {@code gleitzeit service gemini}: Google Gemini generateContent as provider {@code gemini}. */
@Command(name = "gemini", mixinStandardHelpOptions = true,
        description = {"Run an LLM service for provider 'gemini' (Google Gemini generateContent):",
            "streamed text and vision tasks, usage reported, 429/5xx retried honouring",
            "Retry-After. The key comes from $GEMINI_API_KEY or --api-key-file.",
            "",
            "Example: GEMINI_API_KEY=… gleitzeit service gemini --model gemini-1.5-pro"})
public final class GeminiServiceCommand extends ProviderServiceCommand {
    static final String KEY_VARIABLE = "GEMINI_API_KEY";

    @Override
    String providerName() {
        return "gemini";
    }

    @Override
    ProviderKind kind() {
        return ProviderKind.GEMINI;
    }

    @Override
    String defaultKeyVariable() {
        return KEY_VARIABLE;
    }
}
