package io.gleitzeit.orchestrator.node;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TaskHandler;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Nodes on a test's Redis prefix with short timings, services of the Java SDK connected to them, and workflows
 * submitted through the log's {@code SubmitWorkflow} command. Closes everything it started, newest first.
 */
final class Cluster implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    private final TestRedis redis;
    private final String prefix;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final WorkflowDocumentParser parser = new WorkflowDocumentParser(() -> UUID.randomUUID().toString());
    private final ObjectMapper json = new ObjectMapper();
    private int nodes;

    Cluster(TestRedis redis) {
        this.redis = redis;
        this.prefix = redis.prefix();
    }

    /** Options for the next node: port 0, 4 partitions, short liveness timings. */
    NodeOptions.Builder options() {
        String id = "node-" + (++nodes);
        return NodeOptions.newBuilder()
                .replica(ReplicaOptions.newBuilder().replicaId(id).keyPrefix(prefix).partitions(4)
                        .decisionThreads(2).claimIdle(Duration.ofSeconds(2)).build())
                .transport(HubTransportOptions.newBuilder().host("127.0.0.1").port(0).build())
                .heartbeatTimeout(Duration.ofSeconds(3))
                .disconnectGrace(Duration.ofMillis(500))
                .livenessInterval(Duration.ofMillis(250))
                .hubTimeout(Duration.ofSeconds(2))
                .assignAckTimeout(Duration.ofSeconds(1));
    }

    OrchestratorNode node() {
        return node(UnaryOperator.identity());
    }

    OrchestratorNode node(UnaryOperator<NodeOptions.Builder> customize) {
        OrchestratorNode node = new OrchestratorNode(redis.client(), customize.apply(options()).build());
        resources.add(node);
        return node.start();
    }

    /** A function service of the Java SDK with the given functions, connected to {@code node}. */
    GleitzeitServiceClient functions(OrchestratorNode node, String name, int maxConcurrent, Class<?>... functions) {
        FunctionRegistry.Builder registry = FunctionRegistry.newBuilder();
        for (Class<?> source : functions) {
            registry.add(source);
        }
        FunctionService service = FunctionService.of(registry.build());
        GleitzeitServiceClient client = service.newClient(serviceOptions(node, name, maxConcurrent));
        return started(client);
    }

    /** A Java SDK service with any handler. */
    GleitzeitServiceClient service(OrchestratorNode node, String name, int maxConcurrent, List<String> taskTypes,
                                   TaskHandler handler) {
        return started(GleitzeitServiceClient.newBuilder(serviceOptions(node, name, maxConcurrent)
                .taskTypes(taskTypes).build(), handler).build());
    }

    ServiceOptions.Builder serviceOptions(OrchestratorNode node, String name, int maxConcurrent) {
        return ServiceOptions.newBuilder().hubUrl(url(node)).name(name).nodeId(name + "-" + UUID.randomUUID())
                .maxConcurrent(maxConcurrent).heartbeatInterval(Duration.ofMillis(300))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofSeconds(1));
    }

    private GleitzeitServiceClient started(GleitzeitServiceClient client) {
        resources.add(client);
        client.start();
        await().atMost(WAIT).until(() -> client.status().registered());
        return client;
    }

    /** The id of a service this node's hub holds (any one). */
    String firstServiceId(OrchestratorNode node) {
        return node.routing().current().candidates().iterator().next().serviceId();
    }

    static String url(OrchestratorNode node) {
        return "http://127.0.0.1:" + node.port();
    }

    /** Submits a workflow document through the log; returns its id. */
    String submit(OrchestratorNode node, String document) {
        WorkflowDefinition def = parser.parse(document);
        node.log().send(new CommandEnvelope("submit:" + def.workflowId(), def.workflowId(), Instant.now(), "test",
                null, new SubmitWorkflow(def, "test"))).toCompletableFuture().join();
        return def.workflowId();
    }

    /** The workflow's state folded from its stream. */
    WorkflowState state(OrchestratorNode node, String workflowId) {
        List<EventEnvelope<WorkflowEvent>> events = node.log().readWorkflow(workflowId, 0).toCompletableFuture()
                .join();
        return WorkflowEvolver.fold(workflowId, events);
    }

    List<EventEnvelope<WorkflowEvent>> events(OrchestratorNode node, String workflowId) {
        return node.log().readWorkflow(workflowId, 0).toCompletableFuture().join();
    }

    /** Waits until the workflow is finished; returns its state. */
    WorkflowState awaitFinished(OrchestratorNode node, String workflowId) {
        await().atMost(WAIT).until(() -> state(node, workflowId).status().isTerminal());
        return state(node, workflowId);
    }

    ObjectMapper json() {
        return json;
    }

    /** Closes something the test started itself, with the rest. */
    <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    static boolean completed(WorkflowState state) {
        return state.status() == WorkflowStatus.COMPLETED;
    }
}
