package io.gleitzeit.orchestrator.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * One local HTTP server standing in for Ollama, OpenAI and Anthropic, each on its documented paths and wire format
 * (Ollama NDJSON streaming and {@code /api/tags}, OpenAI and Anthropic SSE), answering fixed texts and recording
 * every request body so a test can see what the workflow's data flow put into each prompt.
 */
final class LocalModelApis implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    final List<JsonNode> ollamaRequests = new CopyOnWriteArrayList<>();
    final List<JsonNode> openAiRequests = new CopyOnWriteArrayList<>();
    final List<JsonNode> anthropicRequests = new CopyOnWriteArrayList<>();

    LocalModelApis() throws IOException {
        this("llama3:latest");
    }

    /** @param ollamaModel the one model its Ollama API lists in {@code /api/tags} */
    LocalModelApis(String ollamaModel) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/tags", e -> write(e, 200, "application/json", List.of("{\"models\": [{\"name\": \""
                + ollamaModel + "\", \"model\": \"" + ollamaModel + "\", \"size\": 4661224676}]}")));
        server.createContext("/api/ps", e -> write(e, 200, "application/json", List.of("{\"models\": []}")));
        server.createContext("/api/generate", e -> {
            ollamaRequests.add(JSON.readTree(e.getRequestBody()));
            write(e, 200, "application/x-ndjson", List.of(
                    "{\"model\":\"llama3\",\"created_at\":\"2024-08-04T19:22:45Z\",\"response\":\"EBITDA\",\"done\":false}\n",
                    "{\"model\":\"llama3\",\"created_at\":\"2024-08-04T19:22:45Z\",\"response\":\" 42\",\"done\":false}\n",
                    "{\"model\":\"llama3\",\"created_at\":\"2024-08-04T19:22:46Z\",\"response\":\"\",\"done\":true,"
                            + "\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":2}\n"));
        });
        server.createContext("/v1/messages", e -> {
            anthropicRequests.add(JSON.readTree(e.getRequestBody()));
            write(e, 200, "text/event-stream", List.of(
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-sonnet-20240229\",\"usage\":{\"input_tokens\":18,\"output_tokens\":1}}}\n\n",
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Risk: low\"}}\n\n",
                    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}\n\n",
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        });
        server.createContext("/v1/chat/completions", e -> {
            openAiRequests.add(JSON.readTree(e.getRequestBody()));
            write(e, 200, "text/event-stream", List.of(
                    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"All good, risk is low\"},\"finish_reason\":null}]}\n\n",
                    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":5,\"total_tokens\":14}}\n\n",
                    "data: [DONE]\n\n"));
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void write(HttpExchange exchange, int status, String type, List<String> pieces)
            throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, 0);
            OutputStream out = exchange.getResponseBody();
            for (String piece : pieces) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
