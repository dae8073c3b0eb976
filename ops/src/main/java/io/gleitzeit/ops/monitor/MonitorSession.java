package io.gleitzeit.ops.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.protocol.ClusterMetrics;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.MonitorEvent;
import io.gleitzeit.protocol.MonitorInitialMetrics;
import io.gleitzeit.protocol.MonitorRecentEvents;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A monitor's connection to a hub: connects to {@code /cluster} over websocket (with the token, if any), subscribes
 * to everything, and keeps the latest snapshot and recent events, telling a listener after each change.
 */
final class MonitorSession implements AutoCloseable {
    private static final ObjectMapper JSON = GleitzeitJson.newMapper();
    private static final int KEEP_EVENTS = 200;

    private final Socket socket;
    private final Deque<MonitorEvent> events = new ArrayDeque<>();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private volatile ClusterMetrics metrics;
    private volatile Consumer<MonitorSession> listener = s -> { };

    private MonitorSession(Socket socket) {
        this.socket = socket;
        socket.on(EventNames.MONITOR_INITIAL_METRICS, args -> {
            metrics = read(args, MonitorInitialMetrics.class).metrics();
            changed();
        });
        socket.on(EventNames.MONITOR_METRICS_UPDATE, args -> {
            metrics = read(args, ClusterMetrics.class);
            changed();
        });
        socket.on(EventNames.MONITOR_RECENT_EVENTS, args -> {
            read(args, MonitorRecentEvents.class).events().forEach(this::remember);
            changed();
        });
        socket.on(EventNames.MONITOR_EVENT, args -> {
            remember(read(args, MonitorEvent.class));
            changed();
        });
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> subscribed.completeExceptionally(new IllegalStateException(
                "the hub refused the connection: " + (args.length > 0 ? args[0] : "no reason given"))));
        socket.on(Socket.EVENT_CONNECT, args -> socket.emit(EventNames.MONITOR_SUBSCRIBE,
                new Object[] {new JSONObject(Map.of("types", new JSONArray(List.of("all"))))}, ack -> {
                    JsonNode answer = ack.length > 0 ? tree(ack[0]) : null;
                    if (answer != null && answer.path("ok").asBoolean()) {
                        subscribed.complete(null);
                    } else {
                        subscribed.completeExceptionally(new IllegalStateException("monitor:subscribe refused: "
                                + (answer == null ? "no answer" : answer.path("error").path("message").asText())));
                    }
                }));
    }

    /** Connects to the hub at {@code hub} ({@code http://host:port}) and subscribes; waits up to {@code timeout}. */
    static MonitorSession open(URI hub, String token, Duration timeout) throws Exception {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setTransports(new String[] {WebSocket.NAME})
                .setAuth(token == null ? Map.of() : Map.of("token", token))
                .build();
        Socket socket = IO.socket(hub.resolve("/cluster"), options);
        MonitorSession session = new MonitorSession(socket);
        socket.connect();
        try {
            // The hub sends initial_metrics (and recent_events) before it answers the subscription, in order.
            session.subscribed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            socket.close();
            throw new IllegalStateException("no answer from the hub at " + hub + " within " + timeout.toSeconds()
                    + " s (is an orchestrator running there?)");
        } catch (java.util.concurrent.ExecutionException e) {
            socket.close();
            throw (Exception) e.getCause();
        }
        return session;
    }

    /** Told (on the socket's thread) after every snapshot and event. */
    void onChange(Consumer<MonitorSession> listener) {
        this.listener = listener;
    }

    /** The latest snapshot. */
    ClusterMetrics metrics() {
        return metrics;
    }

    /** The recent events, oldest first. */
    synchronized List<MonitorEvent> events() {
        return List.copyOf(events);
    }

    private synchronized void remember(MonitorEvent event) {
        events.addLast(event);
        while (events.size() > KEEP_EVENTS) {
            events.removeFirst();
        }
    }

    private void changed() {
        if (metrics != null) {
            listener.accept(this);
        }
    }

    private static <T> T read(Object[] args, Class<T> type) {
        try {
            return JSON.treeToValue(tree(args[0]), type);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " from the hub: " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(Object value) {
        try {
            return JSON.readTree(value.toString());
        } catch (Exception e) {
            throw new IllegalStateException("the hub sent something that is not JSON: " + value, e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
