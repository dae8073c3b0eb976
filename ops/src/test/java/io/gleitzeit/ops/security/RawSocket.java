package io.gleitzeit.ops.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Socket.IO v4 over a bare websocket (java.net.http), so that a test can send any frame, malformed ones included:
 * {@code 42/cluster,<ack id>[event, payload]} and read {@code 43/cluster,<ack id>[answer]}. Answers the hub's pings.
 */
final class RawSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "/cluster,";

    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger ackIds = new AtomicInteger(1);
    private final WebSocket ws;
    private volatile boolean closed;

    private RawSocket(int port, String authJson) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"),
                        new Listener()).get(30, TimeUnit.SECONDS);
        String open = inbox.poll(30, TimeUnit.SECONDS);
        if (open == null || !open.startsWith("0")) {
            throw new IllegalStateException("no Engine.IO open packet, got " + open);
        }
        ws.sendText("40" + NS + (authJson == null ? "" : authJson), true).get(10, TimeUnit.SECONDS);
        String joined = awaitPrefix("4", Duration.ofSeconds(30));
        if (joined == null || !joined.startsWith("40" + NS.substring(0, NS.length() - 1))) {
            throw new IllegalStateException("not joined to /cluster: " + joined);
        }
    }

    static RawSocket connect(int port) throws Exception {
        return new RawSocket(port, null);
    }

    static RawSocket connect(int port, String authJson) throws Exception {
        return new RawSocket(port, authJson);
    }

    boolean isOpen() {
        return !closed && !ws.isOutputClosed() && !ws.isInputClosed();
    }

    /** Sends {@code [event, payloadJson]} asking for an ack; the ack's first argument, or empty after {@code wait}. */
    Optional<JsonNode> request(String event, String payloadJson, Duration wait) throws Exception {
        String array = payloadJson == null ? "[" + JSON.writeValueAsString(event) + "]"
                : "[" + JSON.writeValueAsString(event) + "," + payloadJson + "]";
        return requestRaw(array, wait);
    }

    /** Sends the text after {@code 42/cluster,<id>} as is (any bytes, malformed ones too). */
    Optional<JsonNode> requestRaw(String afterAckId, Duration wait) throws Exception {
        int id = ackIds.getAndIncrement();
        send("42" + NS + id + afterAckId);
        String answer = awaitPrefix("43" + NS + id + "[", wait);
        if (answer == null) {
            return Optional.empty();
        }
        JsonNode args = JSON.readTree(answer.substring(("43" + NS + id).length()));
        return Optional.of(args.path(0));
    }

    /** Sends a whole frame as is. */
    void send(String frame) throws Exception {
        ws.sendText(frame, true).get(30, TimeUnit.SECONDS);
    }

    private String awaitPrefix(String prefix, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String message = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (message != null && message.startsWith(prefix)) {
                return message;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (message.equals("2")) {
                    webSocket.sendText("3", true);
                } else {
                    inbox.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }
}
