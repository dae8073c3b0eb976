package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One client connected to {@code /cluster}: who it is, how to talk to it, its rooms. Cheap to create; two instances
 * for the same connection are equal. Thread-safe.
 */
public final class HubClient {
    private final SocketIOClient socket;
    private final HubTransport hub;

    HubClient(SocketIOClient socket, HubTransport hub) {
        this.socket = socket;
        this.hub = hub;
    }

    /** The connection's session id. */
    public String id() {
        return socket.getSessionId().toString();
    }

    /** Who the client proved to be; {@link Principal#unauthenticated()} until it has. */
    public Principal principal() {
        Principal principal = hub.auth().principalOf(socket);
        return principal == null ? Principal.unauthenticated() : principal;
    }

    /**
     * Authenticates the connection after it connected (the protocol's legacy {@code authenticate} event). When
     * granted, the principal replaces the current one; when rejected, nothing changes.
     */
    public Authentication authenticate(Credentials credentials) {
        return hub.auth().reauthenticate(socket, credentials);
    }

    public ClientTransport transport() {
        return socket.getTransport() == Transport.POLLING ? ClientTransport.POLLING : ClientTransport.WEBSOCKET;
    }

    public SocketAddress remoteAddress() {
        return socket.getRemoteAddress();
    }

    public boolean isConnected() {
        return socket.isChannelOpen();
    }

    /**
     * Sends an event without asking for an answer. {@code payload} is serialized in snake_case.
     *
     * @throws IllegalStateException when called from a connect listener: the Java client 2.1.2 replays events that
     *                               arrive with its connect acknowledgement wrongly, so the hub never does that
     */
    public void emit(String event, Object payload) {
        Objects.requireNonNull(event, "event");
        hub.checkNotInConnectListener(event);
        socket.sendEvent(event, hub.toJson(payload));
    }

    /**
     * Sends an event with an ack callback; completes with the client's answer (a JSON null when it answered
     * nothing), or fails with {@link NoAckException} when it does not answer within {@code timeout} (rounded up to
     * whole seconds) or disconnects first.
     */
    public CompletionStage<JsonNode> request(String event, Object payload, Duration timeout) {
        Objects.requireNonNull(event, "event");
        hub.checkNotInConnectListener(event);
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        // Object, not JsonNode: the library hands string and boolean answers over as String and Boolean.
        socket.sendEvent(event, new AckCallback<>(Object.class, seconds) {
            @Override
            public void onSuccess(Object result) {
                answer.complete(result == null ? NullNode.getInstance() : hub.toJson(result));
            }

            @Override
            public void onTimeout() {
                answer.completeExceptionally(new NoAckException(
                        "no answer to " + event + " from " + id() + " within " + seconds + " s (or it disconnected)"));
            }
        }, hub.toJson(payload));
        return answer;
    }

    public void join(String room) {
        socket.joinRoom(Objects.requireNonNull(room, "room"));
    }

    public void leave(String room) {
        socket.leaveRoom(Objects.requireNonNull(room, "room"));
    }

    /** The rooms this client is in, including the namespace's own room. */
    public Set<String> rooms() {
        return Set.copyOf(socket.getAllRooms());
    }

    /** Closes the connection from the hub's side (the client will not reconnect by itself). */
    public void disconnect() {
        socket.disconnect();
    }

    SocketIOClient socket() {
        return socket;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HubClient other && other.socket.getSessionId().equals(socket.getSessionId());
    }

    @Override
    public int hashCode() {
        return socket.getSessionId().hashCode();
    }

    @Override
    public String toString() {
        return "HubClient[" + id() + ", " + principal().name() + "]";
    }
}
