package io.gleitzeit.cluster;

import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.payload.LargePayloads;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.llm.ollama.InternalLlmOptions;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link GleitzeitCluster} runs. Build with {@link #newBuilder()}; {@link Builder#build()} names the field of
 * any problem.
 *
 * <pre>{@code
 * ClusterOptions options = ClusterOptions.newBuilder()
 *         .redisUrl("redis://127.0.0.1:6379")      // default: a local redis-server started for the cluster
 *         .hubPort(8000)                           // default: a free port
 *         .functionWorkers(8)
 *         .functions(new MyFunctions())            // beside the built-in catalogue
 *         .build();
 * }</pre>
 */
public final class ClusterOptions {
    public static final String DEFAULT_KEY_PREFIX = "gz:";
    public static final int DEFAULT_PARTITIONS = 8;
    public static final String DEFAULT_HUB_HOST = "127.0.0.1";
    /** 0: a free port. */
    public static final int DEFAULT_HUB_PORT = 0;
    /** 0: a free port for /metrics, /health and the dashboard. */
    public static final int DEFAULT_HTTP_PORT = 0;
    public static final int DEFAULT_FUNCTION_WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** How long an auto-started service may take to register. */
    public static final Duration DEFAULT_SERVICE_READY_TIMEOUT = Duration.ofSeconds(30);

    private final String redisUrl;
    private final LocalRedisOptions localRedis;
    private final String keyPrefix;
    private final int partitions;
    private final String hubHost;
    private final int hubPort;
    private final int httpPort;
    private final boolean functionService;
    private final int functionWorkers;
    private final List<Object> functions;
    private final List<EmbeddedService> services;
    private final Duration serviceReadyTimeout;
    private final InternalLlmOptions internalLlm;
    private final long inlineLimitBytes;

    private ClusterOptions(Builder b) {
        this.redisUrl = b.redisUrl;
        this.localRedis = b.localRedis;
        this.keyPrefix = b.keyPrefix;
        this.partitions = b.partitions;
        this.hubHost = b.hubHost;
        this.hubPort = b.hubPort;
        this.httpPort = b.httpPort;
        this.functionService = b.functionService;
        this.functionWorkers = b.functionWorkers;
        this.functions = List.copyOf(b.functions);
        this.services = List.copyOf(b.services);
        this.serviceReadyTimeout = b.serviceReadyTimeout;
        this.internalLlm = b.internalLlm;
        this.inlineLimitBytes = b.inlineLimitBytes;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.redisUrl = redisUrl;
        b.localRedis = localRedis;
        b.keyPrefix = keyPrefix;
        b.partitions = partitions;
        b.hubHost = hubHost;
        b.hubPort = hubPort;
        b.httpPort = httpPort;
        b.functionService = functionService;
        b.functionWorkers = functionWorkers;
        b.functions.addAll(functions);
        b.services.addAll(services);
        b.serviceReadyTimeout = serviceReadyTimeout;
        b.internalLlm = internalLlm;
        b.inlineLimitBytes = inlineLimitBytes;
        return b;
    }

    /** The Redis to use, or {@code null} for a local redis-server started with {@link #localRedis()}. */
    public String redisUrl() {
        return redisUrl;
    }

    /** How the local redis-server is started when {@link #redisUrl()} is not set (binary, port, persistence). */
    public LocalRedisOptions localRedis() {
        return localRedis;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public int partitions() {
        return partitions;
    }

    public String hubHost() {
        return hubHost;
    }

    /** The hub's port; 0 for a free one. */
    public int hubPort() {
        return hubPort;
    }

    /** The port of the node's /metrics, /health and dashboard; 0 for a free one. */
    public int httpPort() {
        return httpPort;
    }

    /** Whether the function service (built-ins and {@link #functions()}) is started with the cluster. */
    public boolean functionService() {
        return functionService;
    }

    public int functionWorkers() {
        return functionWorkers;
    }

    /** Objects and classes with {@code @GleitzeitTask} methods served beside the built-in catalogue. */
    public List<Object> functions() {
        return functions;
    }

    /** Further services started with the cluster. */
    public List<EmbeddedService> services() {
        return services;
    }

    public Duration serviceReadyTimeout() {
        return serviceReadyTimeout;
    }

    /** The internal LLM service's options when it is started with the cluster, else empty. */
    public Optional<InternalLlmOptions> internalLlm() {
        return Optional.ofNullable(internalLlm);
    }

    /** Payloads above this many bytes are stored by reference, out of the event streams. */
    public long inlineLimitBytes() {
        return inlineLimitBytes;
    }

    /**
     * The services to start: the function service (when on), the internal LLM service (when configured), then
     * {@link #services()}.
     */
    List<EmbeddedService> servicesToStart() {
        List<EmbeddedService> all = new ArrayList<>();
        if (functionService) {
            all.add(EmbeddedService.functions(FunctionRegistry.newBuilder().add(BuiltinFunctions.all())
                    .add(functions).build(), functionWorkers));
        }
        if (internalLlm != null) {
            all.add(EmbeddedService.internalLlm(internalLlm));
        }
        all.addAll(services);
        return all;
    }

    /** Collects options. */
    public static final class Builder {
        private String redisUrl;
        private LocalRedisOptions localRedis = LocalRedisOptions.newBuilder().build();
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private int partitions = DEFAULT_PARTITIONS;
        private String hubHost = DEFAULT_HUB_HOST;
        private int hubPort = DEFAULT_HUB_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private boolean functionService = true;
        private int functionWorkers = DEFAULT_FUNCTION_WORKERS;
        private final List<Object> functions = new ArrayList<>();
        private final List<EmbeddedService> services = new ArrayList<>();
        private Duration serviceReadyTimeout = DEFAULT_SERVICE_READY_TIMEOUT;
        private InternalLlmOptions internalLlm;
        private long inlineLimitBytes = ReplicaOptions.DEFAULT_INLINE_LIMIT_BYTES;

        private Builder() {
        }

        /** A Redis URL ({@code redis://host:port}); {@code null} for a local redis-server (the default). */
        public Builder redisUrl(String redisUrl) {
            this.redisUrl = redisUrl == null || redisUrl.isBlank() ? null : redisUrl;
            return this;
        }

        /** How to start the local redis-server (default: a free port, no persistence, the binary found). */
        public Builder localRedis(LocalRedisOptions localRedis) {
            this.localRedis = Objects.requireNonNull(localRedis, "localRedis");
            return this;
        }

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder hubHost(String hubHost) {
            this.hubHost = hubHost;
            return this;
        }

        public Builder hubPort(int hubPort) {
            this.hubPort = hubPort;
            return this;
        }

        /** The port of /metrics, /health and the dashboard, on the hub's host (default: a free one). */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /** Whether to start the function service (default: yes). */
        public Builder functionService(boolean on) {
            this.functionService = on;
            return this;
        }

        /** How many function tasks run at once (default: the processors, at least 2). */
        public Builder functionWorkers(int functionWorkers) {
            this.functionWorkers = functionWorkers;
            return this;
        }

        /** Adds objects or classes whose {@code @GleitzeitTask} methods the function service runs. */
        public Builder functions(Object... sources) {
            functions.addAll(List.of(sources));
            return this;
        }

        /**
         * Adds a service started with the cluster (after the function service) and stopped with it: the hook for
         * the internal LLM service and any other service of this JVM.
         */
        public Builder service(EmbeddedService service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        /**
         * Starts the internal LLM service (provider {@code internal}) over these Ollama endpoints with the cluster;
         * {@code null} (the default) starts none.
         */
        public Builder internalLlm(InternalLlmOptions options) {
            this.internalLlm = options;
            return this;
        }

        /**
         * Task results, dispatched parameters and workflow results above this many bytes are stored once by
         * reference instead of in the event streams (default {@value ReplicaOptions#DEFAULT_INLINE_LIMIT_BYTES}).
         */
        public Builder inlineLimitBytes(long inlineLimitBytes) {
            this.inlineLimitBytes = inlineLimitBytes;
            return this;
        }

        public Builder serviceReadyTimeout(Duration timeout) {
            this.serviceReadyTimeout = timeout;
            return this;
        }

        public ClusterOptions build() {
            if (keyPrefix == null || keyPrefix.isEmpty()) {
                throw new IllegalArgumentException("keyPrefix must not be empty");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
            if (hubHost == null || hubHost.isBlank()) {
                throw new IllegalArgumentException("hubHost must not be blank");
            }
            if (hubPort < 0 || hubPort > 65535) {
                throw new IllegalArgumentException("hubPort must be within 0..65535, was " + hubPort);
            }
            if (httpPort < 0 || httpPort > 65535) {
                throw new IllegalArgumentException("httpPort must be within 0..65535, was " + httpPort);
            }
            if (functionWorkers < 1) {
                throw new IllegalArgumentException("functionWorkers must be at least 1, was " + functionWorkers);
            }
            if (!functionService && !functions.isEmpty()) {
                throw new IllegalArgumentException("functions were given but functionService is off");
            }
            if (inlineLimitBytes < LargePayloads.MIN_INLINE_LIMIT_BYTES) {
                throw new IllegalArgumentException("inlineLimitBytes must be at least "
                        + LargePayloads.MIN_INLINE_LIMIT_BYTES + ", was " + inlineLimitBytes);
            }
            Objects.requireNonNull(serviceReadyTimeout, "serviceReadyTimeout");
            if (serviceReadyTimeout.isNegative() || serviceReadyTimeout.isZero()) {
                throw new IllegalArgumentException("serviceReadyTimeout must be positive, was " + serviceReadyTimeout);
            }
            if (redisUrl != null) {
                try {
                    RedisURI.create(redisUrl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("redisUrl: not a Redis URL: " + redisUrl, e);
                }
            }
            return new ClusterOptions(this);
        }
    }
}
