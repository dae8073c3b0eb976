package io.gleitzeit.orchestrator.hub.transport;

import io.gleitzeit.definition.DocumentLimits;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the hub listens for Socket.IO clients. Build with {@link #newBuilder()}; every setting has a documented
 * {@code DEFAULT_*}. Invalid settings fail in {@link Builder#build()} with a message naming the field.
 */
public final class HubTransportOptions {
    /** Listen on every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** The original Gleitzeit's port. {@code 0} picks a free port (see {@link HubTransport#port()}). */
    public static final int DEFAULT_PORT = 8000;
    /** Socket.IO's default path; clients that keep their defaults use it. */
    public static final String DEFAULT_PATH = "/socket.io";
    /** Socket.IO v4's default ping interval. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
    /** Socket.IO v4's default ping timeout. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Room a Socket.IO packet needs around its payload: packet type, namespace, ack id, event name, and the
     * Engine.IO framing of a polling body.
     */
    public static final int PACKET_OVERHEAD_BYTES = 64 * 1024;
    /**
     * Largest websocket message: a workflow document of the default size limit
     * ({@link DocumentLimits#DEFAULT_MAX_DOCUMENT_BYTES}) with its packet around it.
     */
    public static final int DEFAULT_MAX_FRAME_PAYLOAD_BYTES =
            DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES + PACKET_OVERHEAD_BYTES;
    /** Largest HTTP long-polling request body; the same as a websocket message, so both transports take a document. */
    public static final int DEFAULT_MAX_HTTP_CONTENT_BYTES = DEFAULT_MAX_FRAME_PAYLOAD_BYTES;
    /**
     * Largest payload of one inbound event (its JSON, counted as written), unless its handler checks the size itself
     * ({@link PayloadLimit#HANDLER}: workflow documents, task results). Well above any report or request, far below
     * the frame limit.
     */
    public static final int DEFAULT_MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;
    /** {@code "*"}: any origin. Requests without an {@code Origin} header (non-browser clients) are always allowed. */
    public static final List<String> DEFAULT_ALLOWED_ORIGINS = List.of("*");
    /** {@code 0}: Netty's default, twice the number of cores. */
    public static final int DEFAULT_WORKER_THREADS = 0;
    /** How long a handler may take to answer a request's ack before the hub answers {@code timeout} for it. */
    public static final Duration DEFAULT_HANDLER_ACK_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Sustained requests (events) per second one connection may send; above it (once the burst is spent) requests
     * are answered {@code rate_limited} and have no effect. {@code 0}: unlimited. Generous, because one service
     * connection carries every report of all its slots.
     */
    public static final int DEFAULT_REQUESTS_PER_SECOND = 1000;
    /** Requests one connection may send at once before the per-second rate applies (the token bucket's size). */
    public static final int DEFAULT_REQUEST_BURST = 2000;
    /**
     * Connections to {@code /cluster} from one IP address; the Engine.IO handshake of one more is refused (HTTP 401).
     * {@code 0}: unlimited. Generous, because a demo or a bench runs many services and clients on one host.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    /** How long {@link HubTransport#close()} waits for the server to stop. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final String path;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final int maxFramePayloadBytes;
    private final int maxHttpContentBytes;
    private final int maxEventPayloadBytes;
    private final TlsOptions tls;
    private final List<String> allowedOrigins;
    private final int workerThreads;
    private final Duration handlerAckTimeout;
    private final int requestsPerSecond;
    private final int requestBurst;
    private final int maxConnectionsPerAddress;
    private final Duration shutdownTimeout;

    private HubTransportOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.maxFramePayloadBytes = b.maxFramePayloadBytes;
        this.maxHttpContentBytes = b.maxHttpContentBytes;
        this.maxEventPayloadBytes = b.maxEventPayloadBytes;
        this.tls = b.tls;
        this.allowedOrigins = b.allowedOrigins;
        this.workerThreads = b.workerThreads;
        this.handlerAckTimeout = b.handlerAckTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.requestsPerSecond = b.requestsPerSecond;
        this.requestBurst = b.requestBurst;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Every setting of this, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.path = path;
        b.pingInterval = pingInterval;
        b.pingTimeout = pingTimeout;
        b.maxFramePayloadBytes = maxFramePayloadBytes;
        b.maxHttpContentBytes = maxHttpContentBytes;
        b.maxEventPayloadBytes = maxEventPayloadBytes;
        b.tls = tls;
        b.allowedOrigins = allowedOrigins;
        b.workerThreads = workerThreads;
        b.handlerAckTimeout = handlerAckTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.requestsPerSecond = requestsPerSecond;
        b.requestBurst = requestBurst;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        return b;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String path() {
        return path;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public Duration pingTimeout() {
        return pingTimeout;
    }

    public int maxFramePayloadBytes() {
        return maxFramePayloadBytes;
    }

    public int maxHttpContentBytes() {
        return maxHttpContentBytes;
    }

    /** The largest payload of one inbound event held to {@link PayloadLimit#EVENT}. */
    public int maxEventPayloadBytes() {
        return maxEventPayloadBytes;
    }

    public Optional<TlsOptions> tls() {
        return Optional.ofNullable(tls);
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Whether a browser page from {@code origin} may connect. */
    public boolean allowsOrigin(String origin) {
        return origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    public int workerThreads() {
        return workerThreads;
    }

    public Duration handlerAckTimeout() {
        return handlerAckTimeout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    public int requestBurst() {
        return requestBurst;
    }

    public int requestsPerSecond() {
        return requestsPerSecond;
    }

    @Override
    public String toString() {
        return "HubTransportOptions[host=" + host + ", port=" + port + ", path=" + path + ", pingInterval="
                + pingInterval + ", pingTimeout=" + pingTimeout + ", maxFramePayloadBytes=" + maxFramePayloadBytes
                + ", maxHttpContentBytes=" + maxHttpContentBytes + ", maxEventPayloadBytes=" + maxEventPayloadBytes
                + ", tls=" + tls + ", allowedOrigins="
                + allowedOrigins + ", workerThreads=" + workerThreads + ", handlerAckTimeout=" + handlerAckTimeout
                + ", shutdownTimeout=" + shutdownTimeout + ", requestsPerSecond=" + requestsPerSecond + ", requestBurst="
                + requestBurst + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress + "]";
    }

    /** Collects settings; {@link #build()} validates them all. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String path = DEFAULT_PATH;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
        private int maxFramePayloadBytes = DEFAULT_MAX_FRAME_PAYLOAD_BYTES;
        private int maxHttpContentBytes = DEFAULT_MAX_HTTP_CONTENT_BYTES;
        /** {@code null}: the default, or the frame limit when that is smaller. */
        private Integer maxEventPayloadBytes;
        private TlsOptions tls;
        private List<String> allowedOrigins = DEFAULT_ALLOWED_ORIGINS;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private Duration handlerAckTimeout = DEFAULT_HANDLER_ACK_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private int requestBurst = DEFAULT_REQUEST_BURST;
        private int requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder pingTimeout(Duration pingTimeout) {
            this.pingTimeout = pingTimeout;
            return this;
        }

        public Builder maxFramePayloadBytes(int maxFramePayloadBytes) {
            this.maxFramePayloadBytes = maxFramePayloadBytes;
            return this;
        }

        public Builder maxHttpContentBytes(int maxHttpContentBytes) {
            this.maxHttpContentBytes = maxHttpContentBytes;
            return this;
        }

        /**
         * See {@link HubTransportOptions#maxEventPayloadBytes()}; at most the frame and HTTP content limits. Unset, it
         * is {@value HubTransportOptions#DEFAULT_MAX_EVENT_PAYLOAD_BYTES}, or the frame limit when that is smaller.
         */
        public Builder maxEventPayloadBytes(int maxEventPayloadBytes) {
            this.maxEventPayloadBytes = maxEventPayloadBytes;
            return this;
        }

        /** Serve TLS only; {@code null} (the default) serves plain HTTP and websocket. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Origins such as {@code https://dashboard.example.com}, or {@code "*"} for any. */
        public Builder allowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        public Builder workerThreads(int workerThreads) {
            this.workerThreads = workerThreads;
            return this;
        }

        public Builder handlerAckTimeout(Duration handlerAckTimeout) {
            this.handlerAckTimeout = handlerAckTimeout;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder requestsPerSecond(int requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
            return this;
        }

        public Builder requestBurst(int requestBurst) {
            this.requestBurst = requestBurst;
            return this;
        }

        public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
            return this;
        }

        /** Validates every setting; the first invalid one is named in the exception. */
        public HubTransportOptions build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
                throw new IllegalArgumentException(
                        "path must start with '/', not end with '/' and not be '/' alone, was " + path);
            }
            requirePositive(pingInterval, "ping_interval");
            requirePositive(pingTimeout, "ping_timeout");
            requirePositive(handlerAckTimeout, "handler_ack_timeout");
            requirePositive(shutdownTimeout, "shutdown_timeout");
            if (maxFramePayloadBytes <= 0) {
                throw new IllegalArgumentException("max_frame_payload_bytes must be positive, was " + maxFramePayloadBytes);
            }
            if (maxHttpContentBytes <= 0) {
                throw new IllegalArgumentException("max_http_content_bytes must be positive, was " + maxHttpContentBytes);
            }
            if (maxEventPayloadBytes == null) {
                maxEventPayloadBytes = Math.min(DEFAULT_MAX_EVENT_PAYLOAD_BYTES,
                        Math.min(maxFramePayloadBytes, maxHttpContentBytes));
            }
            if (maxEventPayloadBytes <= 0) {
                throw new IllegalArgumentException("max_event_payload_bytes must be positive, was "
                        + maxEventPayloadBytes);
            }
            if (maxEventPayloadBytes > Math.min(maxFramePayloadBytes, maxHttpContentBytes)) {
                throw new IllegalArgumentException("max_event_payload_bytes (" + maxEventPayloadBytes + ") must not "
                        + "exceed max_frame_payload_bytes (" + maxFramePayloadBytes + ") or max_http_content_bytes ("
                        + maxHttpContentBytes + "): such a payload could not arrive");
            }
            if (workerThreads < 0) {
                throw new IllegalArgumentException("worker_threads must be 0 (Netty's default) or more, was " + workerThreads);
            }
            if (requestsPerSecond < 0) {
                throw new IllegalArgumentException("requests_per_second must be 0 (unlimited) or more, was "
                        + requestsPerSecond);
            }
            if (requestsPerSecond > 0 && requestBurst < 1) {
                throw new IllegalArgumentException("request_burst must be at least 1, was " + requestBurst);
            }
            if (maxConnectionsPerAddress < 0) {
                throw new IllegalArgumentException("max_connections_per_address must be 0 (unlimited) or more, was "
                        + maxConnectionsPerAddress);
            }
            allowedOrigins = validateOrigins(allowedOrigins);
            return new HubTransportOptions(this);
        }

        private static void requirePositive(Duration d, String field) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(field + " must be a positive duration, was " + d);
            }
        }

        private static List<String> validateOrigins(List<String> origins) {
            if (origins == null || origins.isEmpty()) {
                throw new IllegalArgumentException("allowed_origins must name at least one origin or \"*\"");
            }
            for (int i = 0; i < origins.size(); i++) {
                String origin = origins.get(i);
                if (Objects.equals(origin, "*")) {
                    continue;
                }
                if (!isOrigin(origin)) {
                    throw new IllegalArgumentException("allowed_origins[" + i
                            + "] must be \"*\" or scheme://host[:port] without path, was " + origin);
                }
            }
            return List.copyOf(origins);
        }

        private static boolean isOrigin(String origin) {
            if (origin == null) {
                return false;
            }
            try {
                URI uri = new URI(origin);
                return uri.getScheme() != null && uri.getHost() != null
                        && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null && uri.getRawFragment() == null;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
