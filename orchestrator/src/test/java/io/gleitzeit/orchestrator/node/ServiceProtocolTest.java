package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.orchestrator.hub.reports.LiveProgress;
import io.gleitzeit.orchestrator.hub.services.ServiceHub;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.Principal;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The services side of the protocol as a service written to PROTOCOL.md sees it. */
@RedisTest
class ServiceProtocolTest {
    private Cluster cluster;
    private TestRedis redis;

    @BeforeEach
    void setUp(TestRedis redis) {
        this.redis = redis;
        cluster = new Cluster(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private static Socket connect(String url, Map<String, String> auth) {
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setTransports(new String[] {WebSocket.NAME}).setAuth(auth).build();
        Socket socket = IO.socket(URI.create(url + "/cluster"), options);
        CompletableFuture<Object> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> connected.complete(true));
        socket.connect();
        connected.orTimeout(20, TimeUnit.SECONDS).join();
        return socket;
    }

    private static JsonNode request(Socket socket, String event, String json) throws Exception {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        socket.emit(event, new Object[] {new JSONObject(json)}, args -> {
            try {
                answer.complete(new com.fasterxml.jackson.databind.ObjectMapper().readTree(args[0].toString()));
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        return answer.get(20, TimeUnit.SECONDS);
    }

    @Test
    void anInvalidRegistrationListsEveryProblemByPathAndStoresNothing() throws Exception {
        OrchestratorNode node = cluster.node();
        Socket socket = connect(Cluster.url(node), null);
        try {
            JsonNode answer = request(socket, "node:register", """
                    {"node_id": "bad", "capabilities": {"task_types": [], "max_concurrent_tasks": 20000},
                     "endpoints": [{"endpoint_id": "e", "url": "http://a"}, {"endpoint_id": "e", "url": "http://b",
                                    "priority": 101, "tags": ["ok", " "]}],
                     "functions": [" "], "routing_strategy": "random"}""");
            assertThat(answer.path("ok").asBoolean()).isFalse();
            assertThat(answer.at("/error/code").asText()).isEqualTo("bad_request");
            assertThat(answer.at("/error/details").findValuesAsText("path")).containsExactlyInAnyOrder(
                    "$.capabilities.task_types", "$.capabilities.max_concurrent_tasks", "$.endpoints[1].endpoint_id",
                    "$.endpoints[1].priority", "$.endpoints[1].tags[1]", "$.routing_strategy", "$.functions[0]");

            JsonNode missingId = request(socket, "node:register", "{\"name\": \"no id\"}");
            assertThat(missingId.at("/error/details/0/path").asText()).isEqualTo("$.node_id");
            assertThat(DispatchTest.clusterEvents(node)).isEmpty();
            assertThat(redis.client().connect().sync().exists(redis.key("{cluster}:session:bad"))).isZero();
        } finally {
            socket.close();
        }
    }

    @Test
    void aRegistrationIsRecordedWithEveryFieldAndAnnouncedToMonitors() throws Exception {
        OrchestratorNode node = cluster.node(b -> b);
        node.transport();
        Socket monitor = connect(Cluster.url(node), null);
        List<String> announced = new CopyOnWriteArrayList<>();
        monitor.on("external_service:registered", args -> announced.add(args[0].toString()));
        Socket service = connect(Cluster.url(node), null);
        try {
            node.transport().clients().stream().filter(c -> c.id().equals(monitorId(node, monitor)))
                    .forEach(c -> c.join(ServiceHub.MONITOR_ROOM));
            JsonNode answer = request(service, "node:register", """
                    {"node_id": "llm-1", "name": "llm", "node_type": "external_service", "service_type": "llm",
                     "capabilities": {"task_types": ["llm_generation"], "max_concurrent_tasks": 3},
                     "models": ["llama3"], "providers": ["internal"], "version": "2.0",
                     "routing_strategy": "round_robin",
                     "endpoints": [{"endpoint_id": "gpu-a", "url": "http://10.0.0.5:11434", "models": ["llama3"],
                                    "gpu": "RTX 4090", "max_concurrent": 2, "priority": -3,
                                    "tags": ["datacenter-b"]}]}""");
            assertThat(answer.path("ok").asBoolean()).isTrue();
            assertThat(answer.path("service_id").asText()).isEqualTo("llm-1");

            ServiceRegistered registered = (ServiceRegistered) DispatchTest.clusterEvents(node).get(0);
            assertThat(registered.hubId()).isEqualTo(node.options().hubId());
            assertThat(registered.serviceType()).isEqualTo("llm");
            assertThat(registered.maxConcurrent()).isEqualTo(3);
            assertThat(registered.models()).containsExactly("llama3");
            assertThat(registered.providers()).containsExactly("internal");
            assertThat(registered.version()).isEqualTo("2.0");
            assertThat(registered.routingStrategy()).isEqualTo("round_robin");
            assertThat(registered.endpoints()).singleElement().satisfies(e -> {
                assertThat(e.url()).isEqualTo("http://10.0.0.5:11434");
                assertThat(e.gpu()).isEqualTo("RTX 4090");
                assertThat(e.maxConcurrent()).isEqualTo(2);
                assertThat(e.priority()).isEqualTo(-3);
                assertThat(e.tags()).containsExactly("datacenter-b");
            });
            await().atMost(Cluster.WAIT).until(() -> announced.size() == 1);
            assertThat(announced.get(0)).contains("\"node_id\":\"llm-1\"", "\"providers\":[\"internal\"]");

            // heartbeats record endpoint figures only when they change materially
            String beat = """
                    {"node_id": "llm-1", "service_name": "llm", "active_tasks": 0, "max_tasks": 3,
                     "endpoints": [{"endpoint_id": "gpu-a", "healthy": true, "in_flight": %d,
                                    "loaded_models": ["llama3"], "vram_used_bytes": %d,
                                    "vram_total_bytes": 24000000000}]}""";
            assertThat(request(service, "node:heartbeat", beat.formatted(0, 8_000_000_000L)).path("ok").asBoolean())
                    .isTrue();
            request(service, "node:heartbeat", beat.formatted(2, 8_100_000_000L));
            request(service, "node:heartbeat", beat.formatted(1, 16_000_000_000L));
            assertThat(DispatchTest.clusterEvents(node)).filteredOn(EndpointStatusReported.class::isInstance)
                    .map(e -> ((EndpointStatusReported) e).vramUsedBytes())
                    .containsExactly(8_000_000_000L, 16_000_000_000L);
        } finally {
            service.close();
            monitor.close();
        }
    }

    private static String monitorId(OrchestratorNode node, Socket monitor) {
        String engineId = monitor.id();
        return node.transport().clients().stream().map(c -> c.id()).filter(id -> id.equals(engineId)).findFirst()
                .orElse(engineId);
    }

    @Test
    void theLegacyAuthenticateEventGrantsTheRolesOfItsToken() throws Exception {
        OrchestratorNode node = cluster.node(b -> b.authenticator(Authenticator.tokens(Map.of(
                "svc-token", Principal.of("svc", Role.SERVICE)))));
        Socket socket = connect(Cluster.url(node), null);
        List<String> events = new CopyOnWriteArrayList<>();
        socket.on("authenticated", args -> events.add("authenticated " + args[0]));
        socket.on("authentication_failed", args -> events.add("failed " + args[0]));
        try {
            String registration = """
                    {"node_id": "s-1", "capabilities": {"task_types": ["python_execution"]}}""";
            assertThat(request(socket, "node:register", registration).at("/error/code").asText())
                    .isEqualTo("forbidden");
            assertThat(request(socket, "authenticate", "{\"client_type\": \"external_service\", \"token\": \"nope\"}")
                    .at("/error/code").asText()).isEqualTo("unauthorized");
            assertThat(request(socket, "authenticate",
                    "{\"client_type\": \"external_service\", \"token\": \"svc-token\"}").path("ok").asBoolean())
                    .isTrue();
            assertThat(request(socket, "node:register", registration).path("ok").asBoolean()).isTrue();
            await().atMost(Cluster.WAIT).until(() -> events.size() == 2);
            assertThat(events.get(0)).startsWith("failed");
            assertThat(events.get(1)).isEqualTo("authenticated {\"success\":true}");
        } finally {
            socket.close();
        }
    }

    @Test
    void progressChunksArePublishedAndACancelledTaskIsCancelledAtItsService() throws Exception {
        OrchestratorNode node = cluster.node();
        RawService raw = cluster.closeLater(RawService.register(Cluster.url(node), "raw-1", "raw", 1,
                List.of("add")));
        List<String> published = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<String, String> pubsub = cluster.closeLater(redis.client().connectPubSub());
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                published.add(message);
            }
        });
        pubsub.sync().subscribe(LiveProgress.channel(redis.prefix()));
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);

        String id = cluster.submit(node, """
                {"name": "cancel me", "tasks": [{"name": "A", "type": "function", "function": "add", "args": [1, 1]}]}""");
        JsonNode assignment = raw.awaitAssignments(1);
        assertThat(assignment.get("idempotency_key").asText()).isEqualTo(id + "/0:1");
        assertThat(assignment.get("external_parameters")).isEqualTo(cluster.json()
                .readTree("{\"function_name\":\"add\",\"args\":[1,1],\"kwargs\":{}}"));
        assertThat(assignment.get("task_name").asText()).isEqualTo("A");
        assertThat(assignment.get("service_name").asText()).isEqualTo("raw");
        assertThat(assignment.get("max_retries").asInt()).isEqualTo(2);

        JsonNode ack = raw.request("task:progress", Map.of("task_id", assignment.get("task_id").asText(),
                "workflow_id", id, "progress", 40, "message", "thinking", "chunk", "Hel", "node_id", "raw-1"));
        assertThat(ack.path("ok").asBoolean()).isTrue();
        await().atMost(Cluster.WAIT).until(() -> published.size() == 1);
        assertThat(published.get(0)).contains("\"chunk\":\"Hel\"", "\"attempt\":1", "\"workflow_id\":\"" + id + "\"");
        await().atMost(Cluster.WAIT).until(() -> cluster.state(node, id).taskByName("A").orElseThrow()
                .progress() == 40);

        node.log().send(new CommandEnvelope("cancel:" + id, id, Instant.now(), "test", null,
                new CancelWorkflow("no longer needed", "test"))).toCompletableFuture().join();
        await().atMost(Cluster.WAIT).until(() -> raw.cancellations().size() == 1);
        assertThat(raw.cancellations().get(0).get("reason").asText()).isEqualTo("no longer needed");
        assertThat(raw.cancellations().get(0).get("attempt").asInt()).isEqualTo(1);
        assertThat(cluster.state(node, id).status()).isEqualTo(WorkflowStatus.CANCELLED);
    }
}
