package io.gleitzeit.ops.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import io.gleitzeit.services.llm.ollama.RoutingStrategy;
import io.gleitzeit.services.llm.provider.ProviderKind;
import io.gleitzeit.services.llm.provider.ProviderOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LlmServiceCommandTest {
    private static final String UNSET = "GLEITZEIT_TEST_VARIABLE_THAT_IS_NEVER_SET";

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = GleitzeitCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Nested
    class Internal {
        @Test
        void endpointFlagsCarryEveryOption() {
            InternalLlmOptions options = parse(new LlmServiceCommand(), "--endpoint",
                    "gpu1=http://gpu1:11434,gpu=RTX 4090,priority=2,max_concurrent=3,models=llama3|llava,tags=fast",
                    "--endpoint", "gpu2=http://gpu2:11434/", "--strategy", "model_affinity",
                    "--default-model", "llama3").options();

            assertThat(options.endpoints()).containsExactly(
                    new OllamaEndpointConfig("gpu1", URI.create("http://gpu1:11434"), "RTX 4090", 2, 3,
                            List.of("llama3", "llava"), List.of("fast")),
                    OllamaEndpointConfig.of("gpu2", "http://gpu2:11434"));
            assertThat(options.strategy()).isEqualTo(RoutingStrategy.MODEL_AFFINITY);
            assertThat(options.defaultModel()).isEqualTo("llama3");
        }

        @Test
        void withoutEndpointsTheErrorNamesTheOption() {
            LlmServiceCommand command = parse(new LlmServiceCommand());
            if (System.getenv("GLEITZEIT_OLLAMA_ENDPOINTS") == null) {
                Run r = run("service", "llm");
                assertThat(r.exit).isEqualTo(2);
                assertThat(r.err).contains("--endpoint: give at least one Ollama endpoint");
            } else {
                assertThat(command.options().endpoints()).isNotEmpty();
            }
        }

        @Test
        void badEndpointsAndStrategiesNameTheirOption() {
            assertThat(run("service", "llm", "--endpoint", "gpu1").err)
                    .contains("--endpoint 'gpu1' must start with name=url");
            assertThat(run("service", "llm", "--endpoint", "gpu1=ftp://x").err)
                    .contains("--endpoint gpu1: url must be an http(s) URL");
            assertThat(run("service", "llm", "--endpoint", "gpu1=http://x:1,priority=high").err)
                    .contains("--endpoint gpu1 priority must be an integer, was 'high'");
            assertThat(run("service", "llm", "--endpoint", "gpu1=http://x:1,priority=200").err)
                    .contains("--endpoint gpu1: priority must be within -100..100, was 200");
            assertThat(run("service", "llm", "--endpoint", "gpu1=http://x:1,speed=9").err)
                    .contains("--endpoint gpu1: unknown option 'speed'");
            assertThat(run("service", "llm", "--endpoint", "a=http://x:1", "--endpoint", "a=http://y:1").err)
                    .contains("endpoint name 'a' is used twice");
            assertThat(run("service", "llm", "--endpoint", "a=http://x:1", "--strategy", "fastest").err)
                    .contains("--strategy: strategy must be one of least_loaded");
        }

        @Test
        void anEndpointsFileIsValidatedByJsonPath(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("endpoints.json");
            Files.writeString(file, "{\"endpoints\": [{\"name\": \"gpu1\", \"url\": \"http://x:1\"},"
                    + " {\"name\": \"gpu2\", \"url\": \"http://y:1\", \"max_concurrent\": \"two\"}]}");

            Run r = run("service", "llm", "--endpoints-file", file.toString(), "--check");

            assertThat(r.exit).isEqualTo(2);
            assertThat(r.err).contains("$.endpoints[1].max_concurrent must be an integer");
        }

        @Test
        void checkPrintsWhatEachEndpointServes() throws Exception {
            HttpServer ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ollama.createContext("/api/tags", e -> respond(e, """
                    {"models": [{"name": "llama3:latest", "model": "llama3:latest", "size": 4661224676,
                      "digest": "365c0bd3c000", "details": {"family": "llama"}}]}"""));
            ollama.createContext("/api/ps", e -> respond(e, """
                    {"models": [{"name": "llama3:latest", "model": "llama3:latest", "size": 5137025024,
                      "size_vram": 5137025024, "expires_at": "2024-06-04T14:38:31.83753-07:00"}]}"""));
            ollama.start();
            try {
                String url = "http://127.0.0.1:" + ollama.getAddress().getPort();
                Run r = run("service", "llm", "--endpoint", "gpu1=" + url, "--endpoint", "gone=http://127.0.0.1:1",
                        "--check");

                assertThat(r.exit).isEqualTo(1);
                assertThat(r.out).contains("gpu1", "healthy", "models=[llama3:latest]", "loaded=[llama3:latest]");
                assertThat(r.out).contains("gone", "UNREACHABLE");
            } finally {
                ollama.stop(0);
            }
        }

        private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body)
                throws java.io.IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }

    @Nested
    class Providers {
        @Test
        void theServiceHelpListsEveryLlmKind() {
            assertThat(run("service", "--help").out).contains("llm", "openai", "anthropic", "gemini", "custom");
        }

        @Test
        void aMissingKeyNamesWhereItIsLookedFor() {
            Run r = run("service", "openai", "--api-key-env", UNSET);

            assertThat(r.exit).isEqualTo(2);
            assertThat(r.err).contains("--api-key-file or the environment variable " + UNSET);
        }

        @Test
        void aKeyFromAFileIsUsedAndNeverPrinted(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("anthropic.key");
            Files.writeString(file, "sk-ant-secret-value-123456\n");

            ProviderOptions options = parse(new AnthropicServiceCommand(), "--api-key-file", file.toString(),
                    "--model", "claude-3-5-sonnet-20241022,claude-3-haiku-20240307", "--max-attempts", "2").options();

            assertThat(options.kind()).isEqualTo(ProviderKind.ANTHROPIC);
            assertThat(options.apiKey().redact("sk-ant-secret-value-123456")).isEqualTo("[redacted]");
            assertThat(options.models()).containsExactly("claude-3-5-sonnet-20241022", "claude-3-haiku-20240307");
            assertThat(options.maxAttempts()).isEqualTo(2);
            assertThat(options.toString()).doesNotContain("secret");
        }

        @Test
        void aCustomProviderNeedsANameAndABaseUrlButNoKey() {
            assertThat(run("service", "custom", "--base-url", "http://gpu9:8000/v1").err)
                    .contains("--provider-name");
            assertThat(run("service", "custom", "--provider-name", "vllm").err)
                    .contains("--base-url: base_url is required for an OpenAI-compatible provider");

            ProviderOptions options = parse(new CustomServiceCommand(), "--provider-name", "vllm", "--base-url",
                    "http://gpu9:8000/v1/").options();
            assertThat(options.baseUrl()).isEqualTo(URI.create("http://gpu9:8000/v1"));
            assertThat(options.apiKey()).isNull();
        }
    }
}
