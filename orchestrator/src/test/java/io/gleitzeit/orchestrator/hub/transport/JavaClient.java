package io.gleitzeit.orchestrator.hub.transport;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

/** The Java service SDK's client, io.socket:socket.io-client 2.1.2, connected to {@code /cluster}. */
final class JavaClient implements AutoCloseable {
    enum Transport { WEBSOCKET, POLLING }

    private final Socket socket;
    private final CompletableFuture<Object> connected = new CompletableFuture<>();

    private JavaClient(Socket socket) {
        this.socket = socket;
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete("connected"));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                new ConnectRefused(args.length > 0 ? args[0] : null)));
    }

    /** A client not yet connected; {@code token} may be {@code null} (no handshake auth). */
    static JavaClient to(String url, Transport transport, String token) {
        return to(url, transport, token, null);
    }

    static JavaClient to(String url, Transport transport, String token, OkHttpClient http) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(new String[] {transport == Transport.WEBSOCKET ? WebSocket.NAME : Polling.NAME})
                .setAuth(token == null ? null : Map.of("token", token))
                .build();
        if (http != null) {
            options.callFactory = http;
            options.webSocketFactory = http;
        }
        return new JavaClient(IO.socket(URI.create(url + "/cluster"), options));
    }

    /** A JSON object from alternating keys and values (org.json's put throws a checked exception). */
    static JSONObject json(Object... keysAndValues) {
        try {
            JSONObject json = new JSONObject();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                json.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return json;
        } catch (org.json.JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Handles a hub event; the handler gets the payload and, when the hub asked for one, the ack to call. */
    JavaClient on(String event, java.util.function.BiConsumer<JSONObject, io.socket.client.Ack> handler) {
        socket.on(event, args -> {
            JSONObject payload = args.length > 0 && args[0] instanceof JSONObject json ? json : null;
            io.socket.client.Ack ack = args.length > 0 && args[args.length - 1] instanceof io.socket.client.Ack a
                    ? a : null;
            handler.accept(payload, ack);
        });
        return this;
    }

    JavaClient onAny(String event, Consumer<Object[]> listener) {
        socket.on(event, (Emitter.Listener) listener::accept);
        return this;
    }

    /** Connects and waits; fails with {@link ConnectRefused} when the hub refuses. */
    JavaClient connect() throws Exception {
        socket.connect();
        connected.get(30, TimeUnit.SECONDS);
        return this;
    }

    /** Emits with an ack callback; completes with the hub's answer. */
    CompletableFuture<JSONObject> request(String event, Object... args) {
        CompletableFuture<JSONObject> answer = new CompletableFuture<>();
        socket.emit(event, args, ackArgs -> answer.complete(
                ackArgs.length > 0 && ackArgs[0] instanceof JSONObject json ? json : null));
        return answer;
    }

    void emit(String event, Object... args) {
        socket.emit(event, args);
    }

    String id() {
        return socket.id();
    }

    @Override
    public void close() {
        socket.close();
    }

    /** The hub refused to connect; {@link #data()} is what its connect_error carried. */
    static final class ConnectRefused extends Exception {
        private final transient Object data;

        ConnectRefused(Object data) {
            super("connect_error: " + data);
            this.data = data;
        }

        Object data() {
            return data;
        }
    }
}
