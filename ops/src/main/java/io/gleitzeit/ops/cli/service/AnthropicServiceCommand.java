package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.llm.provider.ProviderKind;
import picocli.CommandLine.Command;

/** {@code gleitzeit service anthropic}: Anthropic Messages as provider {@code anthropic}. */
@Command(name = "anthropic", mixinStandardHelpOptions = true,
        description = {"Run an LLM service for provider 'anthropic' (Anthropic Messages):",
            "streamed text and vision tasks, usage reported, 429/5xx retried honouring",
            "Retry-After. The key comes from $ANTHROPIC_API_KEY or --api-key-file.",
            "",
            "Example: ANTHROPIC_API_KEY=… gleitzeit service anthropic --model claude-3-5-sonnet-20241022"})
public final class AnthropicServiceCommand extends ProviderServiceCommand {
    static final String KEY_VARIABLE = "ANTHROPIC_API_KEY";

    @Override
    String providerName() {
        return "anthropic";
    }

    @Override
    ProviderKind kind() {
        return ProviderKind.ANTHROPIC;
    }

    @Override
    String defaultKeyVariable() {
        return KEY_VARIABLE;
    }
}
