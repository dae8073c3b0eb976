package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.log.GleitzeitException;
import io.gleitzeit.orchestrator.hub.transport.internal.CorrectedChannelInitializer;
import io.gleitzeit.orchestrator.hub.transport.internal.TransportCorrection;
import io.gleitzeit.orchestrator.hub.transport.internal.QuickStopSocketIOServer;
import io.netty.channel.ChannelFuture;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's Socket.IO server: namespace {@value #NAMESPACE}, over websocket and over HTTP long-polling (corrected,
 * so that clients with default settings work), with authentication at connect, typed event handlers that always
 * answer, and rooms.
 *
 * <pre>{@code
 * HubTransport hub = HubTransport.create(HubTransportOptions.newBuilder().build(), Authenticator.allowAll());
 * hub.on("workflow:status", StatusRequest.class, Role.CLIENT, (client, request, ack) -> ack.ok(Map.of("status", "running")));
 * hub.start();
 * }</pre>
 *
 * <p>Handlers and listeners run on the connection's I/O thread and must not block. Acks are manual: each handler
 * answers its {@link Ack} (see there for what happens when it does not).
 */
public final class HubTransport implements AutoCloseable {
    /** The protocol's namespace. */
    public static final String NAMESPACE = "/cluster";

    private static final Logger log = LoggerFactory.getLogger(HubTransport.class);
    private static final String BUCKET_KEY = "gleitzeit.bucket";

    private enum State { NEW, STARTED, STOPPED }

    private final HubTransportOptions options;
    private final ObjectMapper mapper = GleitzeitJson.newMapper();
    private final ConnectionAuth auth;
    private final PayloadBinder binder = new PayloadBinder(mapper);
    private final ConnectionLimit connectionLimit;
    private final QuickStopSocketIOServer server;
    private final SocketIONamespace namespace;
    private final HashedWheelTimer timer;
    private final Set<String> events = ConcurrentHashMap.newKeySet();
    private final List<ConnectionListener> connectListeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> inConnectListener = new ThreadLocal<>();
    private State state = State.NEW;
    private volatile InetSocketAddress address;

    private HubTransport(HubTransportOptions options, Authenticator authenticator, Set<TransportCorrection> corrections) {
        this.options = Objects.requireNonNull(options, "options");
        this.auth = new ConnectionAuth(Objects.requireNonNull(authenticator, "authenticator"), mapper);
        this.connectionLimit = new ConnectionLimit(new OriginCheck(options), options.maxConnectionsPerAddress());
        this.server = new QuickStopSocketIOServer(configuration(options, connectionLimit));
        this.server.setPipelineFactory(new CorrectedChannelInitializer(corrections, options.tls()));
        this.namespace = server.addNamespace(NAMESPACE);
        connectionLimit.countIn(namespace);
        this.timer = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "gleitzeit-hub-ack-deadlines");
            t.setDaemon(true);
            return t;
        }, 100, TimeUnit.MILLISECONDS);
        namespace.addAuthTokenListener(auth::onHandshake);
        namespace.addConnectListener(this::onConnect);
        namespace.addDisconnectListener(this::onDisconnect);
    }

    /** A hub with every polling correction; not yet listening (see {@link #start()}). */
    public static HubTransport create(HubTransportOptions options, Authenticator authenticator) {
        return new HubTransport(options, authenticator, EnumSet.allOf(TransportCorrection.class));
    }

    /** A hub with only some polling corrections, to measure what the library does without the others. */
    static HubTransport create(HubTransportOptions options, Authenticator authenticator,
                               Set<TransportCorrection> corrections) {
        return new HubTransport(options, authenticator, corrections);
    }

    private static Configuration configuration(HubTransportOptions options, ConnectionLimit connectionLimit) {
        Configuration c = new Configuration();
        c.setHostname(options.host());
        c.setPort(options.port());
        c.setContext(options.path());
        c.setPingInterval(Math.toIntExact(options.pingInterval().toMillis()));
        c.setPingTimeout(Math.toIntExact(options.pingTimeout().toMillis()));
        c.setMaxFramePayloadLength(options.maxFramePayloadBytes());
        c.setMaxHttpContentLength(options.maxHttpContentBytes());
        c.setWorkerThreads(options.workerThreads());
        c.setBossThreads(1);
        // Acks are sent by the handlers, possibly after a Redis write; the default would send an empty one first.
        c.setAckMode(AckMode.MANUAL);
        // Otherwise the library takes the session id from an "io" cookie the client sends.
        c.setRandomSession(true);
        c.setAddVersionHeader(false);
        c.setAuthorizationListener(connectionLimit);
        c.setExceptionListener(new LoggingExceptionListener());
        c.getSocketConfig().setReuseAddress(true);
        return c;
    }

    /**
     * Handles {@code event} with {@code handler}, for any connected client. The payload (the event's first argument)
     * is bound to {@code payloadType} (use {@link JsonNode} for the raw JSON); a malformed one is answered
     * {@code bad_request} with the problems by JSON path, and the handler is not called.
     *
     * @throws IllegalStateException when {@code event} already has a handler
     */
    public <T> HubTransport on(String event, Class<T> payloadType, EventHandler<T> handler) {
        return register(event, payloadType, null, PayloadLimit.EVENT, handler);
    }

    /** Like {@link #on(String, Class, EventHandler)}, for clients holding {@code role}; others are answered {@code forbidden}. */
    public <T> HubTransport on(String event, Class<T> payloadType, Role role, EventHandler<T> handler) {
        return register(event, payloadType, Objects.requireNonNull(role, "role"), PayloadLimit.EVENT, handler);
    }

    /**
     * Like {@link #on(String, Class, Role, EventHandler)}, with the payload held to {@code limit}: a handler that
     * checks the size of what it carries itself asks for {@link PayloadLimit#HANDLER}.
     */
    public <T> HubTransport on(String event, Class<T> payloadType, Role role, PayloadLimit limit,
                               EventHandler<T> handler) {
        return register(event, payloadType, Objects.requireNonNull(role, "role"),
                Objects.requireNonNull(limit, "limit"), handler);
    }

    private <T> HubTransport register(String event, Class<T> payloadType, Role role, PayloadLimit limit,
                                      EventHandler<T> handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(handler, "handler");
        if (!events.add(event)) {
            throw new IllegalStateException("a handler for " + event + " is already registered");
        }
        namespace.addEventListener(event, JsonNode.class,
                new EventDispatch<>(this, event, payloadType, role, limit, handler));
        return this;
    }

    /** Told after a client joined {@code /cluster} and was authenticated. Must not emit to the client. */
    public HubTransport onConnect(ConnectionListener listener) {
        connectListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Told when a client that had joined leaves (disconnect, transport closed, ping timeout). */
    public HubTransport onDisconnect(ConnectionListener listener) {
        disconnectListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Starts listening.
     *
     * @throws GleitzeitException when the address cannot be bound (say, the port is taken)
     */
    public synchronized HubTransport start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the hub transport was already " + state.name().toLowerCase());
        }
        Future<Void> bound = server.startAsync().awaitUninterruptibly();
        if (!bound.isSuccess()) {
            state = State.STOPPED;
            stopServer(options.shutdownTimeout());
            throw GleitzeitException.permanentFailure(
                    "cannot listen on " + options.host() + ":" + options.port(), bound.cause());
        }
        address = bound instanceof ChannelFuture channelFuture
                ? (InetSocketAddress) channelFuture.channel().localAddress()
                : new InetSocketAddress(options.host(), options.port());
        state = State.STARTED;
        log.info("Hub transport listening on {} ({}{})", address, options.path(), NAMESPACE);
        return this;
    }

    /** The port listened on; the chosen one when the options said {@code 0}. */
    public int port() {
        InetSocketAddress bound = address;
        if (bound == null) {
            throw new IllegalStateException("the hub transport is not started");
        }
        return bound.getPort();
    }

    /** The client with that session id, when it is connected to {@code /cluster}. */
    public Optional<HubClient> client(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(namespace.getClient(uuid))
                .filter(socket -> !auth.isRefused(socket))
                .map(socket -> new HubClient(socket, this));
    }

    /**
     * Every client connected to {@code /cluster}. One that is still being authenticated may show up as
     * {@link Principal#unauthenticated()} for a moment.
     */
    public List<HubClient> clients() {
        return wrap(namespace.getAllClients());
    }

    /** The clients in {@code room}. */
    public List<HubClient> roomMembers(String room) {
        return wrap(namespace.getRoomOperations(Objects.requireNonNull(room, "room")).getClients());
    }

    /** Sends {@code event} to every client in {@code room}, without asking for answers. */
    public void broadcast(String room, String event, Object payload) {
        Objects.requireNonNull(event, "event");
        namespace.getRoomOperations(Objects.requireNonNull(room, "room")).sendEvent(event, toJson(payload));
    }

    /**
     * Stops listening and closes every connection (clients see a transport close and reconnect, to another replica
     * if there is one). Waits at most {@code timeout}; what is left of the stop then goes on in the background.
     *
     * @return whether the server stopped within {@code timeout}
     */
    public boolean stop(Duration timeout) {
        boolean started;
        synchronized (this) {
            started = state == State.STARTED;
            state = State.STOPPED;
        }
        timer.stop();
        return !started || stopServer(timeout);
    }

    /** {@link #stop(Duration)} with {@link HubTransportOptions#shutdownTimeout()}. */
    @Override
    public void close() {
        stop(options.shutdownTimeout());
    }

    private boolean stopServer(Duration timeout) {
        Thread stopper = new Thread(() -> {
            try {
                server.stop(timeout);
            } catch (RuntimeException e) {
                log.warn("Stopping the Socket.IO server failed", e);
            }
        }, "gleitzeit-hub-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            log.warn("The Socket.IO server did not stop within {}; it goes on stopping in the background", timeout);
            return false;
        }
        return true;
    }

    private void onConnect(SocketIOClient socket) {
        auth.principalOf(socket);
        HubClient client = new HubClient(socket, this);
        inConnectListener.set(Boolean.TRUE);
        try {
            notifyAll(connectListeners, client, "connect");
        } finally {
            inConnectListener.remove();
        }
    }

    private void onDisconnect(SocketIOClient socket) {
        if (!auth.isRefused(socket)) {
            notifyAll(disconnectListeners, new HubClient(socket, this), "disconnect");
        }
    }

    private static void notifyAll(List<ConnectionListener> listeners, HubClient client, String what) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.on(client);
            } catch (Exception e) {
                log.error("A {} listener failed for {}", what, client, e);
            }
        }
    }

    void checkNotInConnectListener(String event) {
        if (Boolean.TRUE.equals(inConnectListener.get())) {
            throw new IllegalStateException("do not emit " + event + " from a connect listener: the Java client "
                    + "2.1.2 replays events that arrive with its connect acknowledgement with a wrong argument list; "
                    + "emit when the client first asks for something");
        }
    }

    JsonNode toJson(Object payload) {
        if (payload == null) {
            return NullNode.getInstance();
        }
        return payload instanceof JsonNode json ? json : mapper.valueToTree(payload);
    }

    private List<HubClient> wrap(Collection<SocketIOClient> sockets) {
        return sockets.stream()
                .filter(socket -> !auth.isRefused(socket))
                .map(socket -> new HubClient(socket, this))
                .toList();
    }

    /** Takes one request from the connection's bucket ({@link HubTransportOptions#requestsPerSecond()}). */
    RequestBucket.Outcome admit(SocketIOClient socket) {
        if (options.requestsPerSecond() == 0) {
            return RequestBucket.Outcome.ALLOWED;
        }
        RequestBucket bucket = socket.get(BUCKET_KEY);
        if (bucket == null) {
            synchronized (socket) {
                bucket = socket.get(BUCKET_KEY);
                if (bucket == null) {
                    bucket = new RequestBucket(options.requestsPerSecond(), options.requestBurst(), System.nanoTime());
                    socket.set(BUCKET_KEY, bucket);
                }
            }
        }
        return bucket.take(System.nanoTime());
    }

    ConnectionAuth auth() {
        return auth;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    PayloadBinder binder() {
        return binder;
    }

    Timer timer() {
        return timer;
    }

    /** The options this transport was built with. */
    public HubTransportOptions options() {
        return options;
    }
}
