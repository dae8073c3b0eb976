package io.gleitzeit.cluster;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowDocument;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.hub.auth.AuthMode;
import io.gleitzeit.orchestrator.hub.auth.IssuedToken;
import io.gleitzeit.orchestrator.hub.auth.StoredTokenAuthenticator;
import io.gleitzeit.orchestrator.hub.auth.TokenStore;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.redis.local.EmbeddedRedisBinary;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gleitzeit in one JVM, for applications and tests: Redis (configured, or a local redis-server started for it), one
 * {@link GleitzeitNode} (replica and hub), the function service and any other {@link EmbeddedService}s — which
 * connect to the hub over Socket.IO like any external service — and a {@link GleitzeitClient}. External services
 * and clients may connect to {@link #hubUrl()} too. {@link #close()} stops everything it started, services first.
 *
 * <pre>{@code
 * try (GleitzeitCluster cluster = GleitzeitCluster.start(ClusterOptions.newBuilder().build())) {
 *     ClusterWorkflow workflow = cluster.createWorkflow("Numbers");
 *     workflow.addFunctionTask("Fib", "fibonacci_sequence", Map.of("n", 10));
 *     workflow.addFunctionTask("Stats", "analyze_numbers", List.of("{{Fib.result}}"), Map.of(), "Fib");
 *     WorkflowCompletedNotice result = workflow.submit().join();
 * }
 * }</pre>
 */
public final class GleitzeitCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GleitzeitCluster.class);

    private final ClusterOptions options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private String redisUrl;
    private TokenStore tokens;
    private StoredTokenAuthenticator authenticator;
    private String serviceToken;
    private String clientToken;
    private GleitzeitNode node;
    private GleitzeitClient client;
    private boolean closed;

    private GleitzeitCluster(ClusterOptions options) {
        this.options = options;
    }

    /**
     * Starts a cluster: Redis, the node, the services (each registered before the next starts), the client.
     * Whatever started is stopped again when a later step fails.
     */
    public static GleitzeitCluster start(ClusterOptions options) throws IOException {
        GleitzeitCluster cluster = new GleitzeitCluster(Objects.requireNonNull(options, "options"));
        try {
            cluster.startAll();
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("the cluster could not start: " + e.getMessage(), e);
        }
        return cluster;
    }

    private void startAll() throws Exception {
        redisUrl = options.redisUrl();
        if (redisUrl == null) {
            LocalRedisOptions local = options.localRedis();
            if (local.binary() == null) {
                local = local.toBuilder().binary(EmbeddedRedisBinary.findAny().orElseThrow(() -> new IOException(
                        "no Redis configured and no redis-server found: set a Redis URL, or install redis-server"
                                + " (apt-get install redis-server)"))).build();
            }
            LocalRedisServer server = LocalRedisServer.start(local);
            started.add(server);
            redisUrl = server.url();
        }
        RedisConnector redis = RedisConnector.open(redisUrl);
        started.add(redis);
        Authenticator authenticator = authenticator(redis);
        node = GleitzeitNode.create(redis, NodeOptions.newBuilder().authenticator(authenticator)
                .replica(ReplicaOptions.newBuilder().keyPrefix(options.keyPrefix()).partitions(options.partitions())
                        .inlineLimitBytes(options.inlineLimitBytes()).build())
                .transport(HubTransportOptions.newBuilder().host(options.hubHost()).port(options.hubPort()).build())
                .build(), new GleitzeitNode.Monitoring(MonitorOptions.newBuilder().build(),
                MetricsOptions.newBuilder().build(), OpsHttpOptions.newBuilder().host(options.hubHost())
                .port(options.httpPort()).build()));
        started.add(node);
        node.start();
        for (EmbeddedService service : options.servicesToStart()) {
            try {
                started.add(service.start(hubUrl(), serviceToken, options.serviceReadyTimeout()));
            } catch (Exception e) {
                throw new IllegalStateException("the " + service.name() + " service could not start: "
                        + e.getMessage(), e);
            }
        }
        client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl(hubUrl()).token(clientToken).build());
        started.add(client);
        log.info("cluster running: hub {}, Redis {}", hubUrl(), redisUrl);
    }

    /**
     * The hub's authenticator: with {@link ClusterAuth#TOKENS} the token store's (tokens required), and the tokens
     * of the cluster's own services and client, revoked again when the cluster closes; otherwise every connection
     * may do everything.
     */
    private Authenticator authenticator(RedisConnector redis) {
        if (options.auth() != ClusterAuth.TOKENS) {
            if (options.auth() == ClusterAuth.INSECURE_OFF && !options.loopbackOnly()) {
                log.warn("the hub on {} runs WITHOUT authentication (insecure): anyone who reaches it can run "
                        + "workflows and register services", options.hubHost());
            }
            return Authenticator.allowAll();
        }
        RedisLink connection = redis.connect();
        started.add(connection::close);
        tokens = new TokenStore(connection.sync(), options.keyPrefix(), Clock.systemUTC());
        String id = UUID.randomUUID().toString().substring(0, 8);
        IssuedToken services = tokens.create(Role.SERVICE, "cluster-" + id + "-services", Optional.empty());
        started.add(() -> tokens.revoke(services.record().id()));
        IssuedToken own = tokens.create(Role.CLIENT, "cluster-" + id + "-client", Optional.empty());
        started.add(() -> tokens.revoke(own.record().id()));
        serviceToken = services.secret();
        clientToken = own.secret();
        StoredTokenAuthenticator authenticator = new StoredTokenAuthenticator(tokens, AuthMode.REQUIRED,
                Duration.ofSeconds(StoredTokenAuthenticator.DEFAULT_REFRESH_SECONDS), Clock.systemUTC());
        started.add(authenticator);
        this.authenticator = authenticator;
        return authenticator;
    }

    /**
     * Issues a token for another service or client of this cluster ({@link ClusterAuth#TOKENS}), accepted by the hub
     * at once; its secret is in the answer only.
     *
     * @throws IllegalStateException    when the cluster runs without token authentication
     * @throws IllegalArgumentException when the name is malformed or taken
     */
    public IssuedToken issueToken(Role role, String name) {
        if (tokens == null) {
            throw new IllegalStateException("the cluster runs without token authentication (auth "
                    + options.auth() + ")");
        }
        IssuedToken token = tokens.create(role, name, Optional.empty());
        authenticator.refresh();
        return token;
    }

    /**
     * The token store of the hub ({@link ClusterAuth#TOKENS}), to list and revoke tokens (changes reach the hub
     * within {@value StoredTokenAuthenticator#DEFAULT_REFRESH_SECONDS} s); empty without token authentication.
     */
    public Optional<TokenStore> tokens() {
        return Optional.ofNullable(tokens);
    }

    /** The hub's URL on this machine, for further services and clients. */
    public String hubUrl() {
        String host = "0.0.0.0".equals(options.hubHost()) ? "127.0.0.1" : options.hubHost();
        return "http://" + host + ":" + node.port();
    }

    /** The node's dashboard; {@code /metrics} and {@code /health} are beside it. */
    public String dashboardUrl() {
        String host = "0.0.0.0".equals(options.hubHost()) ? "127.0.0.1" : options.hubHost();
        return "http://" + host + ":" + node.httpPort() + "/";
    }

    /** The Redis the cluster uses. */
    public String redisUrl() {
        return redisUrl;
    }

    public ClusterOptions options() {
        return options;
    }

    /** The cluster's client (status, cancel, list, subscriptions). */
    public GleitzeitClient client() {
        return client;
    }

    /** The node, for its figures and projections. */
    public GleitzeitNode node() {
        return node;
    }

    /** A new workflow to add tasks to and submit. */
    public ClusterWorkflow createWorkflow(String name) {
        return new ClusterWorkflow(this, name);
    }

    /** Submits a document; the future holds the workflow's {@code workflow:completed} payload. */
    public CompletableFuture<WorkflowCompletedNotice> submit(WorkflowDocument document) {
        return submit(document, new WorkflowListener() {
        });
    }

    /** Submits a document and tells {@code listener} of its progress; the future holds the outcome. */
    public CompletableFuture<WorkflowCompletedNotice> submit(WorkflowDocument document, WorkflowListener listener) {
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<WorkflowCompletedNotice> result = new CompletableFuture<>();
        WorkflowListener forwarding = new ForwardingListener(listener, result);
        client.submit(document, forwarding).whenComplete((id, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException
                        && error.getCause() != null ? error.getCause() : error);
            }
        });
        return result;
    }

    /** Stops the client, the services, the node and (when it started one) the local Redis, newest first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
