package io.gleitzeit.services.sdk;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.protocol.AckReply;
import io.gleitzeit.protocol.ClusterProtocol;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.TaskCancellation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A small real hub for the SDK's tests: netty-socketio 2.0.14 on namespace {@code /cluster}, websocket,
 * {@link AckMode#MANUAL}. It records everything services send, acks registrations and reports, sends
 * {@code task:assign} with an ack callback, and can drop connections.
 */
public final class TestHub implements AutoCloseable {
    /** One event a service sent. */
    public record Received(String event, JsonNode payload) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<JsonNode> authTokens = new CopyOnWriteArrayList<>();
    private final Set<String> unacknowledged = ConcurrentHashMap.newKeySet();
    private volatile boolean refuseTokens;
    private SocketIOServer server;

    private TestHub(int port) {
        this.port = port;
    }

    /** A hub on a free port, running. */
    public static TestHub start() {
        return startOn(freePort());
    }

    /** A hub on the given port, running. */
    public static TestHub startOn(int port) {
        TestHub hub = new TestHub(port);
        hub.run();
        return hub;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() {
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setAckMode(AckMode.MANUAL);
        config.setTransports(com.corundumstudio.socketio.Transport.WEBSOCKET);
        config.setBossThreads(1);
        config.setWorkerThreads(2);
        SocketConfig socketConfig = new SocketConfig();
        socketConfig.setReuseAddress(true);
        config.setSocketConfig(socketConfig);
        server = new SocketIOServer(config);
        SocketIONamespace cluster = server.addNamespace(ClusterProtocol.NAMESPACE);
        cluster.addAuthTokenListener((token, client) -> {
            authTokens.add(json.valueToTree(token));
            return refuseTokens ? new AuthTokenResult(false, Map.of("message", "invalid token"))
                    : AuthTokenResult.AuthTokenResultSuccess;
        });
        for (String event : List.of(EventNames.NODE_REGISTER, EventNames.NODE_HEARTBEAT, EventNames.TASK_ACCEPTED,
                EventNames.TASK_PROGRESS, EventNames.TASK_COMPLETED, EventNames.TASK_FAILED)) {
            cluster.addEventListener(event, JsonNode.class, (client, data, ack) -> {
                received.add(new Received(event, data));
                if (ack.isAckRequested() && !unacknowledged.contains(event)) {
                    ack.sendAckData(EventNames.NODE_REGISTER.equals(event)
                            ? AckReply.success("service_id", data.path("node_id").asText())
                            : AckReply.success());
                }
            });
        }
        server.start();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops answering acks for an event (the reports stay unacknowledged). */
    public void withholdAcks(String event) {
        unacknowledged.add(event);
    }

    /** Refuses every connection's token from now on (a namespace CONNECT_ERROR with "invalid token"). */
    public void refuseTokens() {
        refuseTokens = true;
    }

    /** Answers acks for an event again (those withheld so far stay unanswered). */
    public void resumeAcks(String event) {
        unacknowledged.remove(event);
    }

    /** Everything received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The payloads of one event, in order. */
    public List<JsonNode> payloads(String event) {
        return received.stream().filter(r -> r.event().equals(event)).map(Received::payload)
                .collect(Collectors.toList());
    }

    public List<JsonNode> authTokens() {
        return List.copyOf(authTokens);
    }

    public int connectedClients() {
        return server.getNamespace(ClusterProtocol.NAMESPACE).getAllClients().size();
    }

    /** Sends {@code task:assign} to every connected service; completes with the first service's ack. */
    public CompletableFuture<JsonNode> assign(TaskAssignment assignment) {
        var acked = new CompletableFuture<JsonNode>();
        for (var client : server.getNamespace(ClusterProtocol.NAMESPACE).getAllClients()) {
            client.sendEvent(EventNames.TASK_ASSIGN, new AckCallback<>(Object.class) {
                @Override
                public void onSuccess(Object result) {
                    acked.complete(json.valueToTree(result));
                }
            }, json.convertValue(assignment, Map.class));
        }
        return acked;
    }

    /** Sends {@code task:cancel} to every connected service. */
    public void cancel(TaskCancellation cancellation) {
        for (var client : server.getNamespace(ClusterProtocol.NAMESPACE).getAllClients()) {
            client.sendEvent(EventNames.TASK_CANCEL, json.convertValue(cancellation, Map.class));
        }
    }

    /** Closes every service connection from the hub's side; the hub keeps running. */
    public void dropConnections() {
        server.getNamespace(ClusterProtocol.NAMESPACE).getAllClients().forEach(c -> c.disconnect());
    }

    /** Stops the hub now; services see it go away. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /**
     * Stops the hub in the background: netty-socketio's stop takes seconds, and each test has its own port, so tests
     * need not wait for it.
     */
    @Override
    public void close() {
        Thread stopper = new Thread(this::stop, "test-hub-stop-" + port);
        stopper.setDaemon(true);
        stopper.start();
    }
}
