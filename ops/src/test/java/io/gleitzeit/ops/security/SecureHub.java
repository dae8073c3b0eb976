package io.gleitzeit.ops.security;

import static org.awaitility.Awaitility.await;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Every inbound event of a full hub — services, reports, clients, monitors — on the test's Redis prefix and a free
 * port, with the built-in function service connected. Closes what it started, newest first.
 */
final class SecureHub implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    final GleitzeitNode node;
    private final TestRedis redis;
    private final List<AutoCloseable> resources = new ArrayList<>();

    SecureHub(TestRedis redis, Authenticator authenticator, UnaryOperator<HubTransportOptions.Builder> transport) {
        this(redis, authenticator, transport, UnaryOperator.identity());
    }

    SecureHub(TestRedis redis, Authenticator authenticator, UnaryOperator<HubTransportOptions.Builder> transport,
              UnaryOperator<NodeOptions.Builder> nodeOptions) {
        this.redis = redis;
        node = GleitzeitNode.create(redis.client(), nodeOptions.apply(NodeOptions.newBuilder()
                .replica(ReplicaOptions.newBuilder().keyPrefix(redis.prefix()).partitions(4).build())
                .transport(transport.apply(HubTransportOptions.newBuilder().host("127.0.0.1").port(0)).build())
                .authenticator(authenticator)
                .disconnectGrace(Duration.ofMillis(500))).build(),
                new GleitzeitNode.Monitoring(MonitorOptions.newBuilder().build(), MetricsOptions.newBuilder().build(),
                        OpsHttpOptions.newBuilder().host("127.0.0.1").port(0).build()));
        resources.add(node);
        node.start();
    }

    /** The built-in function service, connected with {@code token} (null: none). */
    GleitzeitServiceClient functions(String token) {
        return functions(token, new Class<?>[0]);
    }

    /** The built-in function service and the functions of {@code more}, connected with {@code token} (null: none). */
    GleitzeitServiceClient functions(String token, Class<?>... more) {
        ServiceOptions.Builder options = ServiceOptions.newBuilder().hubUrl(node.localUrl()).name("functions")
                .maxConcurrent(4).shutdownTimeout(Duration.ofSeconds(1));
        if (token != null) {
            options.token(token);
        }
        GleitzeitServiceClient functions = FunctionService.of(FunctionRegistry.newBuilder()
                .add(BuiltinFunctions.all()).add(List.of((Object[]) more)).build()).newClient(options);
        resources.add(functions);
        functions.start();
        await().atMost(WAIT).until(() -> functions.status().registered());
        return functions;
    }

    GleitzeitClient client(String token) {
        ClientOptions.Builder options = ClientOptions.newBuilder().hubUrl(node.localUrl());
        if (token != null) {
            options.token(token);
        }
        GleitzeitClient client = GleitzeitClient.connect(options.build());
        resources.add(client);
        return client;
    }

    int port() {
        return node.port();
    }

    /** Every stream under the test's prefix and its length: what "nothing was appended" compares. */
    TreeMap<String, Long> streamLengths() {
        RedisCommands<String, String> sync = redis.connect().sync();
        TreeMap<String, Long> lengths = new TreeMap<>();
        for (String key : sync.keys(redis.prefix() + "*")) {
            if ("stream".equals(sync.type(key))) {
                lengths.put(key, sync.xlen(key));
            }
        }
        return lengths;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
