package io.gleitzeit.ops.e2e;

import static org.awaitility.Awaitility.await;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.ops.node.GleitzeitNode;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.node.NodeOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link GleitzeitNode} on the test's Redis prefix and a free port, with the Java function service (built-ins,
 * {@link SlowFunctions} and {@link LargeFunctions}) connected over Socket.IO; clients made here are closed with it.
 */
public final class Hub implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(60);

    final GleitzeitNode node;
    final GleitzeitServiceClient functions;
    private final List<AutoCloseable> resources = new ArrayList<>();

    public Hub(TestRedis redis) {
        node = GleitzeitNode.create(redis.client(), NodeOptions.newBuilder()
                .replica(ReplicaOptions.newBuilder().keyPrefix(redis.prefix()).partitions(4).build())
                .transport(HubTransportOptions.newBuilder().host("127.0.0.1").port(0).build())
                .disconnectGrace(Duration.ofMillis(500)).build()).start();
        resources.add(node);
        functions = FunctionService.of(FunctionRegistry.newBuilder().add(BuiltinFunctions.all())
                .add(SlowFunctions.class).add(LargeFunctions.class).build()).newClient(ServiceOptions.newBuilder().hubUrl(url())
                .name("functions").maxConcurrent(4).shutdownTimeout(Duration.ofSeconds(1)));
        resources.add(functions);
        functions.start();
        await().atMost(WAIT).until(() -> functions.status().registered());
    }

    public String url() {
        return node.localUrl();
    }

    public GleitzeitClient client() {
        GleitzeitClient client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl(url()).build());
        resources.add(client);
        return client;
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
