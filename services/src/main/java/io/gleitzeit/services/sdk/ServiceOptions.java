package io.gleitzeit.services.sdk;

import io.gleitzeit.protocol.ClusterProtocol;
import io.gleitzeit.protocol.EndpointDeclaration;
import io.gleitzeit.protocol.ServiceType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How a service connects to Gleitzeit and what it announces. Build with {@link #newBuilder()}; every time is a
 * {@link Duration}, every default a {@code DEFAULT_*} constant.
 *
 * <pre>{@code
 * ServiceOptions options = ServiceOptions.newBuilder()
 *         .hubUrls(List.of("http://hub-a:8000", "http://hub-b:8000"))
 *         .token(System.getenv("GLEITZEIT_TOKEN"))
 *         .name("functions")
 *         .serviceType(ServiceType.FUNCTION)
 *         .taskTypes(List.of("python_execution"))
 *         .build();
 * }</pre>
 */
public final class ServiceOptions {
    public static final String DEFAULT_HUB_URL = "http://localhost:" + ClusterProtocol.DEFAULT_PORT;
    public static final int DEFAULT_MAX_CONCURRENT = 4;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_FINISHED_ATTEMPTS_REMEMBERED = 10_000;
    public static final List<Transport> DEFAULT_TRANSPORTS = List.of(Transport.WEBSOCKET);


    private final List<URI> hubUrls;
    private final String token;
    private final String nodeId;
    private final String name;
    private final ServiceType serviceType;
    private final List<String> taskTypes;
    private final List<String> functions;
    private final List<String> models;
    private final List<String> providers;
    private final List<EndpointDeclaration> endpoints;
    private final String version;
    private final int maxConcurrent;
    private final Duration heartbeatInterval;
    private final Duration reconnectMin;
    private final Duration reconnectMax;
    private final Duration connectTimeout;
    private final Duration ackTimeout;
    private final Duration shutdownTimeout;
    private final int finishedAttemptsRemembered;
    private final List<Transport> transports;
    private final String socketIoPath;

    private ServiceOptions(Builder b) {
        this.hubUrls = List.copyOf(b.hubUrls);
        this.token = b.token;
        this.name = b.name;
        // Generated once per options (a service keeps it across reconnects: toBuilder() carries it), unique per
        // service: two services of one process sharing an id would take each other's session on the hub.
        this.nodeId = b.nodeId != null ? b.nodeId
                : b.name + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.serviceType = b.serviceType;
        this.taskTypes = List.copyOf(b.taskTypes);
        this.functions = List.copyOf(b.functions);
        this.models = List.copyOf(b.models);
        this.providers = List.copyOf(b.providers);
        this.endpoints = List.copyOf(b.endpoints);
        this.version = b.version;
        this.maxConcurrent = b.maxConcurrent;
        this.heartbeatInterval = b.heartbeatInterval;
        this.reconnectMin = b.reconnectMin;
        this.reconnectMax = b.reconnectMax;
        this.connectTimeout = b.connectTimeout;
        this.ackTimeout = b.ackTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.finishedAttemptsRemembered = b.finishedAttemptsRemembered;
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
        b.nodeId = nodeId;
        b.name = name;
        b.serviceType = serviceType;
        b.taskTypes = taskTypes;
        b.functions = functions;
        b.models = models;
        b.providers = providers;
        b.endpoints = endpoints;
        b.version = version;
        b.maxConcurrent = maxConcurrent;
        b.heartbeatInterval = heartbeatInterval;
        b.reconnectMin = reconnectMin;
        b.reconnectMax = reconnectMax;
        b.connectTimeout = connectTimeout;
        b.ackTimeout = ackTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.finishedAttemptsRemembered = finishedAttemptsRemembered;
        b.transports = transports;
        b.socketIoPath = socketIoPath;
        return b;
    }

    /** The hubs to connect to, tried in turn; a lost connection moves on to the next one. */
    public List<URI> hubUrls() {
        return hubUrls;
    }

    /** The token sent in the handshake {@code auth}, or {@code null} when the hub runs without authentication. */
    public String token() {
        return token;
    }

    /** Stable for the life of the process; the hub keys the service by it. */
    public String nodeId() {
        return nodeId;
    }

    /** The service name; tasks may be pinned to it. */
    public String name() {
        return name;
    }

    public ServiceType serviceType() {
        return serviceType;
    }

    /** The {@code external_task_type}s this service handles. */
    public List<String> taskTypes() {
        return taskTypes;
    }

    /** For function services: the function names announced in {@code functions[]}. */
    public List<String> functions() {
        return functions;
    }

    /** For LLM services: the models announced in {@code models[]}. */
    public List<String> models() {
        return models;
    }

    /** For LLM services: the providers announced in {@code providers[]} ({@code internal}, {@code openai}, …). */
    public List<String> providers() {
        return providers;
    }

    public List<EndpointDeclaration> endpoints() {
        return endpoints;
    }

    /** The service's version, or {@code null}. */
    public String version() {
        return version;
    }

    /** How many tasks run at once; more assignments wait in turn. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** The first reconnect delay; it doubles per failed attempt up to {@link #reconnectMax()}. */
    public Duration reconnectMin() {
        return reconnectMin;
    }

    public Duration reconnectMax() {
        return reconnectMax;
    }

    /** How long one connection attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long the hub may take to ack a registration or a result before it is sent again. */
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /** How long {@code close()} waits for running tasks and undelivered results. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** How many finished attempts are remembered to recognise a repeated assignment. */
    public int finishedAttemptsRemembered() {
        return finishedAttemptsRemembered;
    }

    public List<Transport> transports() {
        return transports;
    }

    /** The Socket.IO path, {@code /socket.io} unless the hub is configured otherwise. */
    public String socketIoPath() {
        return socketIoPath;
    }

    /** Collects options; {@link #build()} validates them and names the field of any problem. */
    public static final class Builder {
        private List<URI> hubUrls = new ArrayList<>(List.of(URI.create(DEFAULT_HUB_URL)));
        private String token;
        private String nodeId;
        private String name;
        private ServiceType serviceType = ServiceType.CUSTOM;
        private List<String> taskTypes = List.of();
        private List<String> functions = List.of();
        private List<String> models = List.of();
        private List<String> providers = List.of();
        private List<EndpointDeclaration> endpoints = List.of();
        private String version;
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration reconnectMin = DEFAULT_RECONNECT_MIN;
        private Duration reconnectMax = DEFAULT_RECONNECT_MAX;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private int finishedAttemptsRemembered = DEFAULT_FINISHED_ATTEMPTS_REMEMBERED;
        private List<Transport> transports = DEFAULT_TRANSPORTS;
        private String socketIoPath = ClusterProtocol.DEFAULT_PATH;

        private Builder() {
        }

        /** The hubs, such as {@code http://hub-a:8000}; at least one, tried in this order. */
        public Builder hubUrls(List<String> urls) {
            Objects.requireNonNull(urls, "hubUrls");
            var parsed = new ArrayList<URI>();
            for (String url : urls) {
                parsed.add(HubUrls.parse(url));
            }
            this.hubUrls = parsed;
            return this;
        }

        /** A single hub. */
        public Builder hubUrl(String url) {
            return hubUrls(List.of(url));
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder serviceType(ServiceType serviceType) {
            this.serviceType = serviceType;
            return this;
        }

        public Builder taskTypes(List<String> taskTypes) {
            this.taskTypes = List.copyOf(Objects.requireNonNull(taskTypes, "taskTypes"));
            return this;
        }

        public Builder functions(List<String> functions) {
            this.functions = List.copyOf(Objects.requireNonNull(functions, "functions"));
            return this;
        }

        public Builder models(List<String> models) {
            this.models = List.copyOf(Objects.requireNonNull(models, "models"));
            return this;
        }

        public Builder providers(List<String> providers) {
            this.providers = List.copyOf(Objects.requireNonNull(providers, "providers"));
            return this;
        }

        public Builder endpoints(List<EndpointDeclaration> endpoints) {
            this.endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder ackTimeout(Duration ackTimeout) {
            this.ackTimeout = ackTimeout;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder finishedAttemptsRemembered(int count) {
            this.finishedAttemptsRemembered = count;
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

        public ServiceOptions build() {
            if (hubUrls.isEmpty()) {
                throw new IllegalArgumentException("hubUrls must name at least one hub");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name is required");
            }
            if (nodeId != null && nodeId.isBlank()) {
                throw new IllegalArgumentException("nodeId must not be blank when given");
            }
            Objects.requireNonNull(serviceType, "serviceType");
            if (taskTypes.isEmpty()) {
                throw new IllegalArgumentException("taskTypes must name at least one task type");
            }
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
            }
            if (finishedAttemptsRemembered < 1) {
                throw new IllegalArgumentException(
                        "finishedAttemptsRemembered must be at least 1, was " + finishedAttemptsRemembered);
            }
            positive(heartbeatInterval, "heartbeatInterval");
            positive(reconnectMin, "reconnectMin");
            positive(reconnectMax, "reconnectMax");
            if (reconnectMax.compareTo(reconnectMin) < 0) {
                throw new IllegalArgumentException("reconnectMax must not be shorter than reconnectMin");
            }
            positive(connectTimeout, "connectTimeout");
            positive(ackTimeout, "ackTimeout");
            positive(shutdownTimeout, "shutdownTimeout");
            if (transports.isEmpty()) {
                throw new IllegalArgumentException("transports must name at least one transport");
            }
            if (socketIoPath == null || !socketIoPath.startsWith("/")) {
                throw new IllegalArgumentException("socketIoPath must start with '/'");
            }
            return new ServiceOptions(this);
        }

        private static void positive(Duration value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
        }
    }
}
