package io.gleitzeit.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.RoutingStrategy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gleitzeit up} starts the internal LLM service exactly when Ollama endpoints are configured. */
class UpLlmOptionsTest {

    private static UpCommand parse(String... args) {
        UpCommand command = new UpCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void endpointsStartTheInternalLlmServiceWithTheChosenStrategy() {
        InternalLlmOptions options = parse("--ollama-endpoint", "gpu1=http://gpu1:11434,max_concurrent=2",
                "--ollama-endpoint", "gpu2=http://gpu2:11434", "--llm-strategy", "round_robin").llmOptions()
                .orElseThrow();

        assertThat(options.endpoints()).extracting(e -> e.name()).containsExactly("gpu1", "gpu2");
        assertThat(options.endpoints().get(0).maxConcurrent()).isEqualTo(2);
        assertThat(options.strategy()).isEqualTo(RoutingStrategy.ROUND_ROBIN);
    }

    @Test
    void withoutEndpointsNoLlmServiceStarts() {
        if (System.getenv("GLEITZEIT_OLLAMA_ENDPOINTS") == null) {
            assertThat(parse().llmOptions()).isEmpty();
        }
    }

    @Test
    void errorsNameTheUpOptions() {
        assertThatThrownBy(() -> parse("--ollama-endpoint", "gpu1").llmOptions())
                .hasMessageContaining("--ollama-endpoint 'gpu1' must start with name=url");
        assertThatThrownBy(() -> parse("--ollama-endpoint", "a=http://x:1,priority=-300").llmOptions())
                .hasMessageContaining("--ollama-endpoint a: priority must be within -100..100, was -300");
        assertThatThrownBy(() -> parse("--ollama-endpoint", "a=http://x:1", "--llm-strategy", "best").llmOptions())
                .hasMessageContaining("--llm-strategy: strategy must be one of");
    }
}
