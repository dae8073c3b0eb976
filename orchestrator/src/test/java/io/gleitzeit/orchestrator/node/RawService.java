package io.gleitzeit.orchestrator.node;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Ack;
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
 * A service written to PROTOCOL.md alone, on the raw io.socket client: the tests decide when it acks, reports,
 * heartbeats and disconnects. It never reconnects by itself.
 */
final class RawService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final String nodeId;
    private final List<JsonNode> assignments = new CopyOnWriteArrayList<>();
    private final List<JsonNode> cancellations = new CopyOnWriteArrayList<>();
    private volatile boolean ackAssignments = true;
    private volatile boolean heartbeats = true;
    private final java.util.concurrent.ScheduledExecutorService beat =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "raw-service-heartbeat");
                t.setDaemon(true);
                return t;
            });

    private RawService(String url, String nodeId) {
        this.nodeId = nodeId;
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setTransports(new String[] {WebSocket.NAME}).build();
        this.socket = IO.socket(URI.create(url + "/cluster"), options);
        socket.on("task:assign", args -> {
            assignments.add(toJson(args[0]));
            if (ackAssignments && args.length > 1 && args[args.length - 1] instanceof Ack ack) {
                ack.call(json(Map.of("ok", true)));
            }
        });
        socket.on("task:cancel", args -> cancellations.add(toJson(args[0])));
        beat.scheduleWithFixedDelay(() -> {
            if (heartbeats && socket.connected()) {
                heartbeat();
            }
        }, 300, 300, TimeUnit.MILLISECONDS);
    }

    /** Whether it sends {@code node:heartbeat} every 300 ms (it does unless told otherwise). */
    void heartbeats(boolean value) {
        heartbeats = value;
    }

    /** Connects and registers with the given task types, functions and capacity. */
    static RawService register(String url, String nodeId, String name, int maxConcurrent, List<String> functions) {
        RawService service = new RawService(url, nodeId);
        service.connectAndRegister(name, maxConcurrent, functions);
        return service;
    }

    void connectAndRegister(String name, int maxConcurrent, List<String> functions) {
        CompletableFuture<Object> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> connected.complete(true));
        socket.connect();
        connected.orTimeout(20, TimeUnit.SECONDS).join();
        JsonNode answer = request("node:register", Map.of("node_id", nodeId, "name", name,
                "node_type", "external_service", "capabilities", Map.of("task_types", List.of("python_execution"),
                        "max_concurrent_tasks", maxConcurrent, "external_service", true),
                "functions", functions));
        if (!answer.path("ok").asBoolean()) {
            throw new IllegalStateException("registration refused: " + answer);
        }
    }

    String nodeId() {
        return nodeId;
    }

    void ackAssignments(boolean value) {
        ackAssignments = value;
    }

    List<JsonNode> assignments() {
        return List.copyOf(assignments);
    }

    List<JsonNode> cancellations() {
        return List.copyOf(cancellations);
    }

    JsonNode awaitAssignments(int count) {
        await().atMost(Cluster.WAIT).until(() -> assignments.size() >= count);
        return assignments.get(count - 1);
    }

    void heartbeat() {
        socket.emit("node:heartbeat", json(Map.of("node_id", nodeId, "service_name", nodeId, "status", "active")));
    }

    JsonNode complete(JsonNode assignment, Object result) {
        return request("task:completed", Map.of("task_id", assignment.get("task_id").asText(),
                "workflow_id", assignment.get("workflow_id").asText(), "attempt", assignment.get("attempt").asInt(),
                "node_id", nodeId, "result", result));
    }

    /** Sends a report and waits for its ack. */
    JsonNode request(String event, Map<String, Object> payload) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        socket.emit(event, new Object[] {json(payload)}, args -> answer.complete(toJson(args.length > 0 ? args[0]
                : null)));
        return answer.orTimeout(20, TimeUnit.SECONDS).join();
    }

    void disconnect() {
        socket.disconnect();
    }

    boolean connected() {
        return socket.connected();
    }

    @Override
    public void close() {
        beat.shutdownNow();
        socket.disconnect();
        socket.close();
    }

    private static JSONObject json(Map<String, Object> map) {
        return new JSONObject(map);
    }

    private static JsonNode toJson(Object value) {
        try {
            return JSON.readTree(value == null ? "null" : value.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
