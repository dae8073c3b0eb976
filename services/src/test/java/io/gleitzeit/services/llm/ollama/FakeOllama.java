package io.gleitzeit.services.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking Ollama's HTTP API as its docs describe it: {@code /api/generate} and {@code /api/chat}
 * stream NDJSON lines ({@code "done": false} pieces, then a {@code "done": true} line with token counts) or answer
 * with one object when {@code "stream": false}; {@code /api/tags} and {@code /api/ps} list models; errors are
 * {@code {"error": "..."}}. Its behaviour can be changed while running: slow tokens, a cold load before the first
 * byte, failures, a stall mid-stream.
 */
public final class FakeOllama implements AutoCloseable {
    /** How the server behaves now. */
    public enum Mode {
        /** Answers normally. */
        OK,
        /** Answers 500 {@code {"error": ...}} to everything. */
        FAILING,
        /**
         * Passes health checks ({@code /api/tags}, {@code /api/ps}) but answers 500 to generation, as a GPU that is
         * out of memory does.
         */
        FAILING_GENERATION,
        /** Sends the first piece, then stops sending without closing. */
        STALL_MID_STREAM
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String answerPrefix;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile List<String> models = List.of("llama3:latest", "llava:latest");
    private volatile List<String> loaded = List.of();
    private volatile Duration firstByteDelay = Duration.ZERO;
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile Duration tokenDelay = Duration.ZERO;

    public FakeOllama(String answerPrefix) throws IOException {
        this.answerPrefix = answerPrefix;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/generate", e -> generate(e, false));
        server.createContext("/api/chat", e -> generate(e, true));
        server.createContext("/api/tags", this::tags);
        server.createContext("/api/ps", this::ps);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeOllama mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    public FakeOllama models(List<String> models) {
        this.models = List.copyOf(models);
        return this;
    }

    public FakeOllama loaded(List<String> loaded) {
        this.loaded = List.copyOf(loaded);
        return this;
    }

    /** A cold model load: nothing is sent, not even headers, for this long. */
    public FakeOllama firstByteDelay(Duration delay) {
        this.firstByteDelay = delay;
        return this;
    }

    /** The pause before each streamed piece (a slow GPU). */
    /**
     * Keeps every answer from now on from starting (after its request was read) until {@link #release()}, so a test
     * can look at the system while requests are in flight, however slow the machine; at most a minute.
     */
    public FakeOllama hold() {
        held = new CountDownLatch(1);
        return this;
    }

    /** Lets held answers go on. */
    public FakeOllama release() {
        held.countDown();
        return this;
    }

    public FakeOllama tokenDelay(Duration delay) {
        this.tokenDelay = delay;
        return this;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int served() {
        return served.get();
    }

    private void generate(HttpExchange exchange, boolean chat) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            await(held);
            sleep(firstByteDelay);
            if (mode == Mode.FAILING || mode == Mode.FAILING_GENERATION) {
                respond(exchange, 500, "{\"error\":\"CUDA error: out of memory\"}");
                return;
            }
            String model = request.path("model").asText();
            if (models.stream().noneMatch(m -> m.equals(model) || m.equals(model + ":latest"))) {
                respond(exchange, 404, "{\"error\":\"model '" + model + "' not found, try pulling it first\"}");
                return;
            }
            List<String> pieces = List.of(answerPrefix, " says", " hello");
            boolean stream = request.path("stream").asBoolean(true);
            exchange.getResponseHeaders().set("Content-Type", stream ? "application/x-ndjson" : "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            if (stream) {
                for (int i = 0; i < pieces.size(); i++) {
                    sleep(tokenDelay);
                    write(out, piece(chat, model, pieces.get(i), false));
                    if (mode == Mode.STALL_MID_STREAM) {
                        sleep(Duration.ofSeconds(30));
                        return;
                    }
                }
                // counted before the last line goes out: a caller that has read it may count at once
                served.incrementAndGet();
                write(out, finalLine(chat, model, ""));
            } else {
                sleep(tokenDelay);
                served.incrementAndGet();
                write(out, finalLine(chat, model, String.join("", pieces)));
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private ObjectNode piece(boolean chat, String model, String text, boolean done) {
        ObjectNode line = JSON.createObjectNode().put("model", model).put("created_at", "2024-08-04T19:22:45.499127Z");
        if (chat) {
            line.putObject("message").put("role", "assistant").put("content", text);
        } else {
            line.put("response", text);
        }
        return line.put("done", done);
    }

    private ObjectNode finalLine(boolean chat, String model, String text) {
        return piece(chat, model, text, true).put("done_reason", "stop").put("total_duration", 10706818083L)
                .put("load_duration", 6338219291L).put("prompt_eval_count", 26)
                .put("prompt_eval_duration", 130079000).put("eval_count", 259).put("eval_duration", 4232710000L);
    }

    private void tags(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (mode == Mode.FAILING) {
                respond(exchange, 500, "{\"error\":\"server unavailable\"}");
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            var list = body.putArray("models");
            for (String m : models) {
                list.addObject().put("name", m).put("model", m).put("modified_at", "2024-05-20T10:00:00Z")
                        .put("size", 4661224676L).put("digest", "365c0bd3c000")
                        .putObject("details").put("format", "gguf").put("family", "llama")
                        .put("parameter_size", "8.0B").put("quantization_level", "Q4_0");
            }
            respond(exchange, 200, body.toString());
        }
    }

    private void ps(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (mode == Mode.FAILING) {
                respond(exchange, 500, "{\"error\":\"server unavailable\"}");
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            var list = body.putArray("models");
            for (String m : loaded) {
                list.addObject().put("name", m).put("model", m).put("size", 5137025024L).put("digest", "2ae6f6dd7a3d")
                        .put("expires_at", "2024-06-04T14:38:31.83753-07:00").put("size_vram", 5137025024L)
                        .putObject("details").put("format", "gguf").put("family", "llama");
            }
            respond(exchange, 200, body.toString());
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void write(OutputStream out, JsonNode line) throws IOException {
        out.write((line.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        held.countDown();
        server.stop(0);
    }
}
