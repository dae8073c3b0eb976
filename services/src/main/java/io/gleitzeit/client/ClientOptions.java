package io.gleitzeit.client;

import io.gleitzeit.protocol.ClusterProtocol;
import io.gleitzeit.services.sdk.HubUrls;
import io.gleitzeit.services.sdk.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link GleitzeitClient} connects. Build with {@link #newBuilder()}; every time is a {@link Duration}, every
 * default a {@code DEFAULT_*} constant; {@link Builder#build()} names the field of any problem.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.newBuilder()
 *         .hubUrls(List.of("http://hub-a:8000", "http://hub-b:8000"))
 *         .token(System.getenv("GLEITZEIT_TOKEN"))
 *         .build();
 * }</pre>
 */
public final class ClientOptions {
    public static final String DEFAULT_HUB_URL = "http://localhost:" + ClusterProtocol.DEFAULT_PORT;
    /** How long connecting to one hub may take before the next one is tried. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long the hub may take to answer a request. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a workflow just submitted may take to be recorded (subscribe and awaitResult retry meanwhile). Above a
     * replica's default claim idle (15 s) plus a decision: when the replica that took the submission dies, another
     * claims it only after that.
     */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(250);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(10);
    public static final List<Transport> DEFAULT_TRANSPORTS = List.of(Transport.WEBSOCKET);

    private final List<URI> hubUrls;
    private final String token;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration visibilityTimeout;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final List<Transport> transports;
    private final String socketIoPath;

    private ClientOptions(Builder b) {
        this.hubUrls = List.copyOf(b.hubUrls);
        this.token = b.token;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.visibilityTimeout = b.visibilityTimeout;
        this.reconnectMin = b.reconnectMin;
        this.reconnectMax = b.reconnectMax;
        this.transports = List.copyOf(b.transports);
        this.socketIoPath = b.socketIoPath;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hubUrls = new ArrayList<>(hubUrls);
        b.token = token;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.visibilityTimeout = visibilityTimeout;
        b.reconnectMin = reconnectMin;
        b.reconnectMax = reconnectMax;
        b.transports = transports;
        b.socketIoPath = socketIoPath;
        return b;
    }

    /** The hubs, tried in this order; a lost connection moves on to the next one. */
    public List<URI> hubUrls() {
        return hubUrls;
    }

    /** The token sent in the handshake {@code auth} (a {@code client} or {@code admin} role), or {@code null}. */
    public String token() {
        return token;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long {@code not_found} is retried when subscribing to (or awaiting) a workflow just submitted. */
    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    /** The first reconnect delay; it doubles per failed attempt up to {@link #reconnectMax()}. */
    public Duration reconnectMin() {
        return reconnectMin;
    }

    public Duration reconnectMax() {
        return reconnectMax;
    }

    public List<Transport> transports() {
        return transports;
    }

    public String socketIoPath() {
        return socketIoPath;
    }

    /** Collects options. */
    public static final class Builder {
        private List<URI> hubUrls = new ArrayList<>(List.of(URI.create(DEFAULT_HUB_URL)));
        private String token;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;
        private Duration reconnectMin = DEFAULT_RECONNECT_MIN;
        private Duration reconnectMax = DEFAULT_RECONNECT_MAX;
        private List<Transport> transports = DEFAULT_TRANSPORTS;
        private String socketIoPath = ClusterProtocol.DEFAULT_PATH;

        private Builder() {
        }

        /** The hubs, such as {@code http://hub-a:8000}; at least one. */
        public Builder hubUrls(List<String> urls) {
            Objects.requireNonNull(urls, "hubUrls");
            List<URI> parsed = new ArrayList<>();
            for (String url : urls) {
                parsed.add(HubUrls.parse(url));
            }
            this.hubUrls = parsed;
            return this;
        }

        public Builder hubUrl(String url) {
            return hubUrls(List.of(url));
        }

        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder visibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout = visibilityTimeout;
            return this;
        }

        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        public Builder transports(List<Transport> transports) {
            this.transports = List.copyOf(Objects.requireNonNull(transports, "transports"));
            return this;
        }

        public Builder socketIoPath(String socketIoPath) {
            this.socketIoPath = socketIoPath;
            return this;
        }

        public ClientOptions build() {
            if (hubUrls.isEmpty()) {
                throw new IllegalArgumentException("hubUrls must name at least one hub");
            }
            positive(connectTimeout, "connectTimeout");
            positive(requestTimeout, "requestTimeout");
            positive(visibilityTimeout, "visibilityTimeout");
            positive(reconnectMin, "reconnectMin");
            positive(reconnectMax, "reconnectMax");
            if (reconnectMax.compareTo(reconnectMin) < 0) {
                throw new IllegalArgumentException("reconnectMax must not be shorter than reconnectMin");
            }
            if (transports.isEmpty()) {
                throw new IllegalArgumentException("transports must name at least one transport");
            }
            if (socketIoPath == null || !socketIoPath.startsWith("/")) {
                throw new IllegalArgumentException("socketIoPath must start with '/'");
            }
            return new ClientOptions(this);
        }

        private static void positive(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
        }
    }
}
