package io.gleitzeit.ops.cli.service;

import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.services.llm.LlmService;
import io.gleitzeit.services.llm.http.HttpTimeouts;
import io.gleitzeit.services.llm.provider.ApiKey;
import io.gleitzeit.services.llm.provider.ProviderBackend;
import io.gleitzeit.services.llm.provider.ProviderKind;
import io.gleitzeit.services.llm.provider.ProviderOptions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code gleitzeit service openai|anthropic|gemini|custom} share: the connection, the key (from an environment
 * variable or a file, never from the command line where {@code ps} would show it), models, retries and timeouts.
 */
abstract class ProviderServiceCommand implements Callable<Integer> {
    @Mixin
    ServiceConnection connection;

    @Option(names = "--api-key-file", paramLabel = "PATH",
            description = "A file whose first line is the API key (else the environment variable).")
    Path apiKeyFile;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "The environment variable holding the key.")
    String apiKeyEnv;

    @Option(names = "--base-url", paramLabel = "URL", description = "Where the API is (default: the provider's).")
    String baseUrl;

    @Option(names = "--model", paramLabel = "MODEL", split = ",",
            description = "A model announced at registration; repeatable or comma-separated.")
    List<String> models = new ArrayList<>();

    @Option(names = "--default-model", paramLabel = "MODEL", description = "The model of tasks that name none.")
    String defaultModel;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "4",
            description = "Calls per task attempt while the provider answers 429/5xx (default: 4).")
    int maxAttempts;

    @Option(names = "--connect-timeout", paramLabel = "S", defaultValue = "10",
            description = "Seconds to open a connection (default: 10).")
    long connectSeconds;

    @Option(names = "--first-byte-timeout", paramLabel = "S", defaultValue = "120",
            description = "Seconds until an answer starts (default: 120).")
    long firstByteSeconds;

    @Option(names = "--idle-timeout", paramLabel = "S", defaultValue = "60",
            description = "Seconds a streamed answer may pause (default: 60).")
    long idleSeconds;

    @Spec
    CommandSpec spec;

    /** The provider name tasks use. */
    abstract String providerName();

    abstract ProviderKind kind();

    /** The variable the key is read from unless {@code --api-key-env} names another; {@code null}: no key. */
    abstract String defaultKeyVariable();

    /** Whether the provider can work without a key (local OpenAI-compatible servers). */
    boolean keyOptional() {
        return false;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ProviderOptions options = options();
        LlmService service = LlmService.of(List.of(ProviderBackend.of(options, GleitzeitJson.newMapper())));
        GleitzeitServiceClient client = service.newClient(connection.toOptions(providerName(), 8), Optional.empty());
        out.printf("provider %s (%s) at %s%n", options.name(), options.kind().wireName(), options.baseUrl());
        return ServiceRun.untilStopped(client, out);
    }

    /** The provider's options from the flags and the environment; every error names its option. */
    ProviderOptions options() {
        ProviderOptions.Builder builder = ProviderOptions.newBuilder(providerName(), kind());
        builder.apiKey(apiKey());
        try {
            builder.baseUrl(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--base-url: " + e.getMessage(), e);
        }
        HttpTimeouts timeouts;
        try {
            timeouts = new HttpTimeouts(Duration.ofSeconds(connectSeconds), Duration.ofSeconds(firstByteSeconds),
                    Duration.ofSeconds(idleSeconds));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--connect-timeout/--first-byte-timeout/--idle-timeout: "
                    + e.getMessage(), e);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--max-attempts must be at least 1, was " + maxAttempts);
        }
        try {
            return builder.models(models.stream().map(String::trim).filter(m -> !m.isEmpty()).toList())
                    .defaultModel(defaultModel).maxAttempts(maxAttempts).timeouts(timeouts).build();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith("base_url") ? "--base-url: " + message : message,
                    e);
        }
    }

    private ApiKey apiKey() {
        if (apiKeyFile != null) {
            try {
                return ApiKey.fromFile(apiKeyFile);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--api-key-file: " + e.getMessage(), e);
            }
        }
        String variable = apiKeyEnv != null ? apiKeyEnv : defaultKeyVariable();
        String value = variable == null ? null : System.getenv(variable);
        if (value == null || value.isBlank()) {
            if (keyOptional() && apiKeyEnv == null) {
                return null;
            }
            throw new IllegalArgumentException("--api-key-file or the environment variable " + variable
                    + " must give the " + providerName() + " API key");
        }
        return ApiKey.of(value);
    }
}
