package io.gleitzeit.ops.cli.service;

import io.gleitzeit.services.llm.provider.ProviderKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gleitzeit service custom}: any server with OpenAI's Chat Completions API (vLLM, llama.cpp server, LM Studio)
 * as a named provider; tasks reach it with {@code "provider": "<name>"}.
 */
@Command(name = "custom", mixinStandardHelpOptions = true,
        description = {"Run an LLM service for an OpenAI-compatible server (vLLM, llama.cpp server,",
            "LM Studio) as a named provider; tasks reach it with \"provider\": \"<name>\".",
            "A key is optional (--api-key-env or --api-key-file).",
            "",
            "Example: gleitzeit service custom --provider-name vllm --base-url http://gpu9:8000/v1 \\",
            "           --model qwen2.5-72b"})
public final class CustomServiceCommand extends ProviderServiceCommand {

    @Option(names = "--provider-name", paramLabel = "NAME", required = true,
            description = "The provider name tasks use (lower-case letters, digits, '.', '_', '-').")
    String providerName;

    @Override
    String providerName() {
        return providerName;
    }

    @Override
    ProviderKind kind() {
        return ProviderKind.OPENAI_COMPATIBLE;
    }

    @Override
    String defaultKeyVariable() {
        return null;
    }

    @Override
    boolean keyOptional() {
        return true;
    }
}
