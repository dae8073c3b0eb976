package io.gleitzeit.ops.e2e;

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

/**
 * A local server speaking Ollama's HTTP API as its docs describe it, for one model: {@code GET /api/tags},
 * {@code GET /api/ps}, and {@code POST /api/generate} streaming NDJSON ({@code {"response": …, "done": false}} lines,
 * then a {@code "done": true} line with the token counts). It answers every prompt with {@link #ANSWER}, word by word.
 */
final class FakeOllama implements AutoCloseable {
    static final String MODEL = "tiny:latest";
    static final String ANSWER = "The numbers grow fast.";

    final List<String> prompts = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    FakeOllama() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/tags", e -> send(e, 200, "{\"models\":[{\"name\":\"" + MODEL + "\",\"model\":\""
                + MODEL + "\",\"size\":1000,\"digest\":\"d\",\"details\":{\"family\":\"tiny\"}}]}"));
        server.createContext("/api/ps", e -> send(e, 200, "{\"models\":[]}"));
        server.createContext("/api/generate", this::generate);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void generate(HttpExchange exchange) throws IOException {
        JsonNode request = json.readTree(exchange.getRequestBody());
        prompts.add(request.path("prompt").asText());
        exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            String[] words = ANSWER.split("(?<= )");
            for (String word : words) {
                out.write((json.createObjectNode().put("model", MODEL).put("created_at", "2026-01-01T00:00:00Z")
                        .put("response", word).put("done", false) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write((json.createObjectNode().put("model", MODEL).put("created_at", "2026-01-01T00:00:00Z")
                    .put("response", "").put("done", true).put("done_reason", "stop").put("prompt_eval_count", 12)
                    .put("eval_count", words.length) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
