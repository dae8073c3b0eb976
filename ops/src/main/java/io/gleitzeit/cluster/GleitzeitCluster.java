package io.gleitzeit.cluster;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowDocument;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.redis.local.EmbeddedRedisBinary;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import io.gleitzeit.redis.connect.RedisConnector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
        node = GleitzeitNode.create(redis, NodeOptions.newBuilder()
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
                started.add(service.start(hubUrl(), null, options.serviceReadyTimeout()));
            } catch (Exception e) {
                throw new IllegalStateException("the " + service.name() + " service could not start: "
                        + e.getMessage(), e);
            }
        }
        client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl(hubUrl()).build());
        started.add(client);
        log.info("cluster running: hub {}, Redis {}", hubUrl(), redisUrl);
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
