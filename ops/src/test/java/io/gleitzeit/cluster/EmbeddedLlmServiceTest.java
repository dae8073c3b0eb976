package io.gleitzeit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.gleitzeit.services.llm.ollama.OllamaEndpointConfig;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The all-in-one cluster with the internal LLM service on a local server speaking Ollama's API. */
@RedisTest
class EmbeddedLlmServiceTest {

    @Test
    void aTextTaskRunsOnTheEmbeddedInternalLlmService(TestRedis redis) throws Exception {
        HttpServer ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.createContext("/api/tags", e -> respond(e, "application/json",
                "{\"models\": [{\"name\": \"llama3:latest\", \"model\": \"llama3:latest\", \"size\": 4661224676}]}"));
        ollama.createContext("/api/ps", e -> respond(e, "application/json", "{\"models\": []}"));
        ollama.createContext("/api/generate", e -> respond(e, "application/x-ndjson",
                "{\"model\":\"llama3\",\"created_at\":\"2024-08-04T19:22:45Z\",\"response\":\"Because\",\"done\":false}\n"
                        + "{\"model\":\"llama3\",\"created_at\":\"2024-08-04T19:22:45Z\",\"response\":\" physics\",\"done\":false}\n"
                        + "{\"model\":\"llama3\",\"created_at\":\"2024-08-04T19:22:46Z\",\"response\":\"\",\"done\":true,"
                        + "\"prompt_eval_count\":4,\"eval_count\":2}\n"));
        ollama.start();
        InternalLlmOptions llm = InternalLlmOptions.newBuilder().endpoints(List.of(OllamaEndpointConfig.of("gpu1",
                "http://127.0.0.1:" + ollama.getAddress().getPort()))).build();
        try (GleitzeitCluster cluster = GleitzeitCluster.start(ClusterOptions.newBuilder()
                .redisUrl(redis.uri().toString()).keyPrefix(redis.prefix()).partitions(4).functionService(false)
                .service(EmbeddedService.internalLlm(llm)).build())) {

            WorkflowCompletedNotice result = cluster.createWorkflow("ask").addTextTask("Ask", "Why?", "llama3")
                    .submit().get(60, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo("completed");
            assertThat(result.results().get("Ask").asText()).isEqualTo("Because physics");
        } finally {
            ollama.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
