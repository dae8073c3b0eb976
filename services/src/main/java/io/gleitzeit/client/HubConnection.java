package io.gleitzeit.client;

import io.gleitzeit.protocol.AckReply;
import io.gleitzeit.protocol.ClusterProtocol;
import io.gleitzeit.services.sdk.Backoff;
import io.gleitzeit.services.sdk.Transport;
import io.gleitzeit.services.sdk.WireJson;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's socket: connects to namespace {@code /cluster} of the first hub that answers, and after a loss
 * reconnects (in the background, moving through the hub URLs with an exponential backoff) until closed. The library's
 * own reconnection is off, because it would retry only the same URL. Callbacks of an older socket are ignored.
 */
final class HubConnection {
    private static final Logger log = LoggerFactory.getLogger(HubConnection.class);

    /** What the connection tells the client. */
    interface Listener {
        /** Connected (again) to a hub; {@code first} for the connection made by {@link #open()}. */
        void onConnected(URI hub, boolean first);

        /** The connection is gone; a new one is being prepared. */
        void onLost(String reason);

        /** A room event. */
        void onEvent(String event, Object payload);
    }

    private final ClientOptions options;
    private final WireJson json;
    private final ScheduledExecutorService scheduler;
    private final List<String> events;
    private final Listener listener;
    private final Backoff backoff;

    private Socket socket;
    private URI hub;
    private int generation;
    private int urlIndex;
    private int failures;
    private boolean connected;
    private boolean everConnected;
    private boolean closed;

    HubConnection(ClientOptions options, WireJson json, ScheduledExecutorService scheduler, List<String> events,
                  Listener listener) {
        this.options = options;
        this.json = json;
        this.scheduler = scheduler;
        this.events = List.copyOf(events);
        this.listener = listener;
        this.backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
    }

    /**
     * Connects to the first hub that answers within the connect timeout, trying each URL once.
     *
     * @throws GleitzeitClientException {@code connect_failed}, naming every hub and why it failed
     */
    void open() {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < options.hubUrls().size(); i++) {
            CompletableFuture<Void> attempt;
            synchronized (this) {
                urlIndex = i;
                attempt = connect();
            }
            try {
                attempt.get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new GleitzeitClientException(GleitzeitClientException.CONNECT_FAILED, "interrupted");
            } catch (Exception e) {
                String reason = e.getCause() != null ? e.getCause().getMessage() : "no answer within "
                        + options.connectTimeout();
                reasons.add(options.hubUrls().get(i) + ": " + reason);
                synchronized (this) {
                    dropSocket();
                }
            }
        }
        close();
        throw new GleitzeitClientException(GleitzeitClientException.CONNECT_FAILED,
                "cannot connect to " + String.join("; ", reasons));
    }

    synchronized boolean isConnected() {
        return connected;
    }

    synchronized URI hub() {
        return connected ? hub : null;
    }

    /**
     * Emits a request with an ack callback; the callback gets the hub's answer.
     *
     * @return false (nothing sent) while not connected
     */
    synchronized boolean request(String event, Object payload, BiConsumer<AckReply, Exception> onAnswer) {
        if (!connected) {
            return false;
        }
        socket.emit(event, new Object[] {json.out(payload)}, (Ack) args -> answer(args, onAnswer));
        return true;
    }

    synchronized void close() {
        closed = true;
        connected = false;
        generation++;
        dropSocket();
    }

    /** A new socket to the current URL; the future completes when the namespace is connected. */
    private CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        URI target = options.hubUrls().get(urlIndex % options.hubUrls().size());
        int gen = ++generation;
        Socket s;
        try {
            s = IO.socket(namespaceUri(target), socketOptions());
        } catch (RuntimeException | URISyntaxException e) {
            done.completeExceptionally(new IllegalStateException("cannot create a socket: " + e.getMessage(), e));
            return done;
        }
        hub = target;
        socket = s;
        s.on(Socket.EVENT_CONNECT, args -> onConnected(gen, done));
        s.on(Socket.EVENT_CONNECT_ERROR, args -> {
            String reason = describe(args);
            done.completeExceptionally(new IllegalStateException(reason));
            onLost(gen, "cannot connect to " + target + ": " + reason);
        });
        s.on(Socket.EVENT_DISCONNECT, args -> onLost(gen, "disconnected from " + target + ": " + describe(args)));
        for (String event : events) {
            s.on(event, args -> {
                if (isCurrent(gen) && args.length > 0) {
                    listener.onEvent(event, args[0]);
                }
            });
        }
        s.connect();
        return done;
    }

    private void onConnected(int gen, CompletableFuture<Void> done) {
        boolean first;
        URI at;
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            connected = true;
            failures = 0;
            first = !everConnected;
            everConnected = true;
            at = hub;
        }
        log.debug("connected to {}", at);
        done.complete(null);
        listener.onConnected(at, first);
    }

    private void onLost(int gen, String reason) {
        boolean wasConnected;
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            wasConnected = connected;
            connected = false;
            if (!everConnected) {
                return; // open() is still trying URLs in turn
            }
            dropSocket();
            failures++;
            urlIndex++;
            scheduleReconnect(++generation);
        }
        log.warn("{}; reconnecting", reason);
        if (wasConnected) {
            listener.onLost(reason);
        }
    }

    private void scheduleReconnect(int gen) {
        long delay = backoff.delayAfter(Math.max(1, failures)).toMillis();
        scheduler.schedule(() -> {
            synchronized (this) {
                if (gen == generation && !closed) {
                    connect();
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized boolean isCurrent(int gen) {
        return gen == generation && !closed;
    }

    private void dropSocket() {
        if (socket != null) {
            Socket s = socket;
            socket = null;
            s.off();
            s.close();
        }
    }

    private void answer(Object[] args, BiConsumer<AckReply, Exception> onAnswer) {
        if (args == null || args.length == 0) {
            onAnswer.accept(AckReply.success(), null);
            return;
        }
        try {
            onAnswer.accept(json.in(args[0], AckReply.class), null);
        } catch (Exception e) {
            onAnswer.accept(null, e);
        }
    }

    private IO.Options socketOptions() {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.multiplex = false;
        o.reconnection = false;
        o.timeout = options.connectTimeout().toMillis();
        o.path = options.socketIoPath();
        o.transports = options.transports().stream().map(Transport::engineIoName).toArray(String[]::new);
        if (options.token() != null) {
            o.auth = Map.of(ClusterProtocol.AUTH_TOKEN_FIELD, options.token());
        }
        return o;
    }

    private static URI namespaceUri(URI hub) throws URISyntaxException {
        return new URI(hub.getScheme(), hub.getUserInfo(), hub.getHost(), hub.getPort(), ClusterProtocol.NAMESPACE,
                hub.getQuery(), null);
    }

    private static String describe(Object[] args) {
        if (args == null || args.length == 0) {
            return "no reason given";
        }
        Object first = args[0];
        if (first instanceof Throwable t) {
            return t.getCause() != null ? t.getMessage() + " (" + t.getCause() + ")" : String.valueOf(t.getMessage());
        }
        return Arrays.toString(args);
    }
}
