package io.gleitzeit.services.sdk;

import io.gleitzeit.protocol.AckReply;
import io.gleitzeit.protocol.ClusterProtocol;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.NodeRegistration;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's connection to a hub: connects to namespace {@code /cluster} with the handshake token, registers
 * (with ack) on every connect, and on any loss moves to the next hub URL after an exponential backoff. The library's
 * own reconnection is off, because it would retry only the same URL.
 *
 * <p>Each connection attempt has a generation number; callbacks from an older socket are ignored.
 */
final class HubLink {
    private static final Logger log = LoggerFactory.getLogger(HubLink.class);

    /** What the link tells the service. */
    interface Listener {
        /** The hub acked the registration: reports may flow. */
        void onRegistered(URI hub);

        /** The connection is gone; a new one is being prepared. */
        void onLost();

        /** An event from the hub other than the connection's own. */
        void onEvent(String event, Object[] args);
    }

    private final ServiceOptions options;
    private final WireJson json;
    private final ScheduledExecutorService scheduler;
    private final Supplier<NodeRegistration> registration;
    private final Listener listener;
    private final Backoff backoff;
    private final List<String> forwardedEvents;

    private Socket socket;
    private int generation;
    private int urlIndex;
    private int failures;
    private boolean registered;
    private boolean closed;
    private URI currentHub;
    private String serviceId;

    HubLink(ServiceOptions options, WireJson json, ScheduledExecutorService scheduler,
            Supplier<NodeRegistration> registration, List<String> forwardedEvents, Listener listener) {
        this.options = options;
        this.json = json;
        this.scheduler = scheduler;
        this.registration = registration;
        this.forwardedEvents = List.copyOf(forwardedEvents);
        this.listener = listener;
        this.backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
    }

    synchronized void start() {
        connect();
    }

    synchronized boolean isRegistered() {
        return registered;
    }

    synchronized URI currentHub() {
        return registered ? currentHub : null;
    }

    /** The id the hub gave in its registration ack, or {@code null}. */
    synchronized String serviceId() {
        return serviceId;
    }

    /** Emits when registered; false (and nothing sent) otherwise. */
    synchronized boolean emit(String event, Object payload) {
        if (!registered) {
            return false;
        }
        socket.emit(event, json.out(payload));
        return true;
    }

    /**
     * Emits with an ack callback when registered; false otherwise. The callback gets the hub's answer; it is not
     * called when the connection drops first.
     */
    synchronized boolean emitWithAck(String event, Object payload, Consumer<AckReply> onAck) {
        if (!registered) {
            return false;
        }
        socket.emit(event, new Object[] {json.out(payload)}, (Ack) args -> onAck.accept(parseAck(args)));
        return true;
    }

    /** Sends the registration again on the current connection; false when not registered. */
    synchronized boolean reregister() {
        if (!registered) {
            return false;
        }
        int gen = generation;
        socket.emit(EventNames.NODE_REGISTER, new Object[] {json.out(registration.get())}, (Ack) args -> {
            AckReply reply = parseAck(args);
            if (!reply.ok()) {
                onLost(gen, "re-registration refused by " + currentHub + ": " + reply.error().code() + " "
                        + reply.error().message());
            }
        });
        return true;
    }

    synchronized void close() {
        closed = true;
        registered = false;
        generation++;
        if (socket != null) {
            Socket s = socket;
            socket = null;
            s.off();
            s.close();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        List<URI> hubs = options.hubUrls();
        URI hub = hubs.get(urlIndex % hubs.size());
        int gen = ++generation;
        Socket s;
        try {
            s = IO.socket(namespaceUri(hub), socketOptions());
        } catch (RuntimeException | URISyntaxException e) {
            log.warn("cannot create a socket for {}: {}", hub, e.toString());
            scheduleReconnect(gen);
            return;
        }
        currentHub = hub;
        socket = s;
        s.on(Socket.EVENT_CONNECT, args -> onConnected(gen, s));
        s.on(Socket.EVENT_CONNECT_ERROR, args -> onLost(gen, "cannot connect to " + hub + ": " + describe(args)));
        s.on(Socket.EVENT_DISCONNECT, args -> onLost(gen, "disconnected from " + hub + ": " + describe(args)));
        for (String event : forwardedEvents) {
            s.on(event, args -> {
                if (isCurrent(gen)) {
                    listener.onEvent(event, args);
                }
            });
        }
        log.debug("connecting to {} (attempt generation {})", hub, gen);
        s.connect();
        // A hub that accepts the transport but never answers the namespace CONNECT must not stall us.
        scheduler.schedule(() -> {
            synchronized (this) {
                if (gen == generation && !registered) {
                    onLost(gen, "no registration with " + hub + " within "
                            + options.connectTimeout().plus(options.ackTimeout()));
                }
            }
        }, options.connectTimeout().plus(options.ackTimeout()).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onConnected(int gen, Socket s) {
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            log.debug("connected to {}, registering as {}", currentHub, options.nodeId());
            s.emit(EventNames.NODE_REGISTER, new Object[] {json.out(registration.get())},
                    (Ack) args -> onRegistrationAnswer(gen, parseAck(args)));
        }
    }

    private void onRegistrationAnswer(int gen, AckReply reply) {
        URI hub;
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            if (!reply.ok()) {
                onLost(gen, "registration refused by " + currentHub + ": " + reply.error().code() + " "
                        + reply.error().message());
                return;
            }
            registered = true;
            failures = 0;
            serviceId = reply.field("service_id").map(n -> n.asText()).orElse(options.nodeId());
            hub = currentHub;
        }
        log.info("registered with {} as {}", hub, options.nodeId());
        listener.onRegistered(hub);
    }

    private void onLost(int gen, String reason) {
        boolean wasRegistered;
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            wasRegistered = registered;
            registered = false;
            if (socket != null) {
                Socket s = socket;
                socket = null;
                s.off();
                s.close();
            }
            failures++;
            urlIndex++;
            scheduleReconnect(++generation);
        }
        log.warn("{}; reconnecting", reason);
        if (wasRegistered) {
            listener.onLost();
        }
    }

    private void scheduleReconnect(int gen) {
        Duration delay = backoff.delayAfter(Math.max(1, failures));
        scheduler.schedule(() -> {
            synchronized (this) {
                if (gen == generation && !closed) {
                    connect();
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized boolean isCurrent(int gen) {
        return gen == generation && !closed;
    }

    private AckReply parseAck(Object[] args) {
        if (args == null || args.length == 0) {
            // An empty ack (a hub that answers without a body) still means received.
            return AckReply.success();
        }
        try {
            return json.in(args[0], AckReply.class);
        } catch (Exception e) {
            return AckReply.success("raw", String.valueOf(args[0]));
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
        return first instanceof Throwable t ? t.toString() : Arrays.toString(args);
    }
}
