package io.gleitzeit.services.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server that plays back scripted answers, as a provider's API would send them: a status, headers, and
 * a body written in pieces with a flush after each (SSE events arrive one by one). It records every request.
 */
public final class ScriptedServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer. */
    public record Reply(int status, Map<String, String> headers, List<String> pieces) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), List.of(body));
        }

        public static Reply sse(String... events) {
            return new Reply(200, Map.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache"),
                    List.of(events));
        }

        public Reply withHeader(String name, String value) {
            var all = new java.util.LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, pieces);
        }
    }

    /** One request as received. */
    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();

    public ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                if (files.containsKey(path)) {
                    byte[] bytes = files.get(path);
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    return;
                }
                byte[] raw = exchange.getRequestBody().readAllBytes();
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), raw.length == 0 ? null : JSON.readTree(raw)));
                Reply reply;
                synchronized (script) {
                    reply = script.isEmpty() ? Reply.json(500, "{\"error\": {\"message\": \"no scripted reply\"}}")
                            : script.poll();
                }
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(reply.status(), 0);
                OutputStream out = exchange.getResponseBody();
                for (String piece : reply.pieces()) {
                    out.write(piece.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ScriptedServer then(Reply reply) {
        synchronized (script) {
            script.add(reply);
        }
        return this;
    }

    /** Serves these bytes at {@code path} (an image to fetch). */
    public ScriptedServer file(String path, byte[] bytes) {
        files.put(path, bytes);
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
