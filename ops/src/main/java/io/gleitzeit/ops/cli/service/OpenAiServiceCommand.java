package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.llm.provider.ProviderKind;
import picocli.CommandLine.Command;

/** {@code gleitzeit service openai}: OpenAI Chat Completions as provider {@code openai}. */
@Command(name = "openai", mixinStandardHelpOptions = true,
        description = {"Run an LLM service for provider 'openai' (OpenAI Chat Completions):",
            "streamed text and vision tasks, usage reported, 429/5xx retried honouring",
            "Retry-After. The key comes from $OPENAI_API_KEY or --api-key-file.",
            "",
            "Example: OPENAI_API_KEY=… gleitzeit service openai --model gpt-4o,gpt-4o-mini"})
public final class OpenAiServiceCommand extends ProviderServiceCommand {
    static final String KEY_VARIABLE = "OPENAI_API_KEY";

    @Override
    String providerName() {
        return "openai";
    }

    @Override
    ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    String defaultKeyVariable() {
        return KEY_VARIABLE;
    }
}
