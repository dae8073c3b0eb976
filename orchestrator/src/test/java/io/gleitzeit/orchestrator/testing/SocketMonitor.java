package io.gleitzeit.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/**
 * A monitor connected to {@code /cluster} with the Java Socket.IO client over websocket, recording every event it
 * receives (name and payload as Jackson JSON) in arrival order.
 */
public final class SocketMonitor implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received event. */
    public record Received(String event, JsonNode payload) {
    }

    private final Socket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private SocketMonitor(Socket socket) {
        this.socket = socket;
        socket.onAnyIncoming(args -> received.add(new Received((String) args[0],
                args.length > 1 ? toJson(args[1]) : null)));
    }

    /** Connects to the hub at {@code url} and waits until connected. */
    public static SocketMonitor connect(String url) throws Exception {
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setTransports(new String[] {WebSocket.NAME}).build();
        Socket socket = IO.socket(URI.create(url + "/cluster"), options);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                new IllegalStateException("connect_error: " + (args.length > 0 ? args[0] : null))));
        SocketMonitor monitor = new SocketMonitor(socket);
        socket.connect();
        connected.get(30, TimeUnit.SECONDS);
        return monitor;
    }

    /** Emits {@code event} with {@code payload} and an ack callback; the hub's answer. */
    public JsonNode request(String event, Map<String, ?> payload) throws Exception {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        socket.emit(event, new Object[] {new JSONObject(payload)},
                args -> answer.complete(args.length > 0 ? toJson(args[0]) : null));
        return answer.get(30, TimeUnit.SECONDS);
    }

    /** Everything received so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The payloads of {@code event} received so far. */
    public List<JsonNode> payloads(String event) {
        return received.stream().filter(r -> r.event().equals(event)).map(Received::payload).toList();
    }

    /** The names of the events received so far, in order. */
    public List<String> eventNames() {
        return received.stream().map(Received::event).toList();
    }

    private static JsonNode toJson(Object value) {
        try {
            return JSON.readTree(value.toString());
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + value, e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
