package io.gleitzeit.orchestrator.hub.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.DocumentLimits;
import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.orchestrator.hub.clients.Steps.Report;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client events of PROTOCOL.md against a real hub (real Socket.IO, real Redis, a replica deciding), driven by
 * the npm {@code socket.io-client} 4 and Debian's {@code python3-socketio}, both with their default transports.
 */
@RedisTest
class ClientEventsTest {
    private ClientHub hub;

    @BeforeEach
    void startHub(TestRedis redis) {
        hub = new ClientHub(redis);
    }

    @AfterEach
    void stopHub() throws Exception {
        hub.close();
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Fetch (echo) → Shout (echo of Fetch's result). */
    static ObjectNode pipeline(String workflowId) {
        ObjectNode doc = Steps.JSON.createObjectNode().put("workflow_id", workflowId).put("name", "Pipeline");
        doc.putArray("tasks").add(Steps.JSON.createObjectNode().put("name", "Fetch").put("type", "function")
                        .put("function", "echo").set("args", Steps.JSON.createArrayNode().add("a")))
                .add(Steps.JSON.createObjectNode().put("name", "Shout").put("type", "function")
                        .put("function", "echo").<ObjectNode>set("args",
                                Steps.JSON.createArrayNode().add("{{Fetch.result}}"))
                        .set("dependencies", Steps.JSON.createArrayNode().add("Fetch")));
        return doc;
    }

    /** One task whose service accepts it and then keeps it running. */
    static ObjectNode hanging(String workflowId) {
        ObjectNode doc = Steps.JSON.createObjectNode().put("workflow_id", workflowId).put("name", "Long haul");
        doc.putArray("tasks").addObject().put("name", "Wait").put("type", "function").put("function", "hang");
        return doc;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"js", "python"})
    void aClientSubmitsFollowsTheRoomEventsInOrderAndReadsStatusAndList(String client) {
        String id = uniqueId(client);

        Report run = Steps.script()
                .emit("workflow:submit", pipeline(id), "submit")
                .await("workflow:completed", "workflow_id", id)
                .emit("workflow:status", Map.of("workflow_id", id), "status")
                .await("workflow:status_response", "workflow_id", id)
                .run(client, hub, ClientHub.CLIENT_TOKEN);

        assertThat(run.json().path("errors")).isEmpty();
        assertThat(run.json().path("transport_at_end").asText()).isEqualTo("websocket");
        assertThat(run.ack("submit").path("ok").asBoolean()).isTrue();
        assertThat(run.ack("submit").path("workflow_id").asText()).isEqualTo(id);
        List<String> protocolEvents = run.namesOf(id).stream().filter(n -> !n.equals("task:status")).toList();
        assertThat(protocolEvents).containsExactly("workflow:started", "task:progress", "task:completed",
                "task:progress", "task:completed", "workflow:completed", "workflow:status_response");
        assertThat(run.first(id, "workflow:started").path("total_tasks").asInt()).isEqualTo(2);
        assertThat(run.first(id, "workflow:started").path("name").asText()).isEqualTo("Pipeline");
        assertThat(run.first(id, "task:completed").path("task_name").asText()).isEqualTo("Fetch");
        JsonNode completed = run.first(id, "workflow:completed");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("completed_tasks").asInt()).isEqualTo(2);
        assertThat(completed.path("results").path("Fetch").path("echo").get(0).asText()).isEqualTo("a");
        // Shout echoed Fetch's whole result: the reference kept its JSON type.
        assertThat(completed.path("results").path("Shout").path("echo").get(0).path("echo").get(0).asText())
                .isEqualTo("a");
        assertThat(completed.path("errors").isEmpty()).isTrue();
        assertThat(run.eventsOf(id).stream().filter(e -> e.path("event").asText().equals("task:status"))
                .filter(e -> e.path("payload").path("task_name").asText().equals("Fetch"))
                .map(e -> e.path("payload").path("status").asText()))
                .containsExactly("ready", "dispatched", "running", "completed");

        JsonNode workflow = run.ack("status").path("workflow");
        assertThat(run.ack("status").path("ok").asBoolean()).isTrue();
        assertThat(workflow.path("status").asText()).isEqualTo("completed");
        assertThat(workflow.path("submitted_by").asText()).isEqualTo("alice");
        assertThat(workflow.path("tasks")).hasSize(2);
        assertThat(workflow.path("tasks").get(0).path("name").asText()).isEqualTo("Fetch");
        assertThat(workflow.path("tasks").get(0).path("status").asText()).isEqualTo("completed");
        assertThat(workflow.path("tasks").get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(workflow.path("tasks").get(0).path("result").path("echo").get(0).asText()).isEqualTo("a");
        assertThat(run.first(id, "workflow:status_response").path("status").asText()).isEqualTo("completed");

        hub.awaitListed(id, "completed");
        Report list = Steps.script()
                .emit("workflow:list", Map.of("status", "completed", "limit", 10), "completed")
                .emit("workflow:list", Map.of("status", "running"), "running")
                .run(client, hub, ClientHub.CLIENT_TOKEN);
        assertThat(list.ack("completed").path("ok").asBoolean()).isTrue();
        assertThat(list.ack("completed").path("workflows")).hasSize(1);
        JsonNode listed = list.ack("completed").path("workflows").get(0);
        assertThat(listed.path("workflow_id").asText()).isEqualTo(id);
        assertThat(listed.path("name").asText()).isEqualTo("Pipeline");
        assertThat(listed.path("total_tasks").asInt()).isEqualTo(2);
        assertThat(listed.path("task_counts").path("completed").asInt()).isEqualTo(2);
        assertThat(list.ack("running").path("workflows")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"js", "python"})
    void aClientCancelsARunningWorkflowAndTheRunningTaskIsToldToStop(String client) {
        String id = uniqueId(client);

        Report run = Steps.script()
                .emit("workflow:submit", hanging(id), "submit")
                .await("task:status", "workflow_id", id, "status", "running")
                .emit("workflow:cancel", Map.of("workflow_id", id, "reason", "changed my mind"), "cancel")
                .await("workflow:completed", "workflow_id", id)
                .emit("workflow:cancel", Map.of("workflow_id", id), "again")
                .emit("workflow:status", Map.of("workflow_id", id), "status")
                .run(client, hub, ClientHub.CLIENT_TOKEN);

        assertThat(run.json().path("errors")).isEmpty();
        assertThat(run.ack("submit").path("ok").asBoolean()).isTrue();
        assertThat(run.ack("cancel").path("ok").asBoolean()).isTrue();
        List<String> protocolEvents = run.namesOf(id).stream().filter(n -> !n.equals("task:status")).toList();
        assertThat(protocolEvents).containsExactly("workflow:started", "workflow:cancelled", "workflow:completed",
                "workflow:status_response");
        assertThat(run.first(id, "workflow:completed").path("status").asText()).isEqualTo("cancelled");
        assertThat(run.ack("again").path("ok").asBoolean()).isFalse();
        assertThat(run.ack("again").path("error").path("code").asText()).isEqualTo("already_finished");
        JsonNode workflow = run.ack("status").path("workflow");
        assertThat(workflow.path("status").asText()).isEqualTo("cancelled");
        assertThat(workflow.path("reason").asText()).isEqualTo("changed my mind");
        assertThat(workflow.path("tasks").get(0).path("status").asText()).isEqualTo("cancelled");

        // What the hub holding the service's socket turns into task:cancel: the attempt that was running.
        List<EventEnvelope<WorkflowEvent>> events = hub.log.readWorkflow(id, 0).toCompletableFuture().join();
        assertThat(events).map(EventEnvelope::payload).filteredOn(TaskCancelled.class::isInstance)
                .singleElement().satisfies(e -> assertThat(((TaskCancelled) e).attempt()).isEqualTo(1));
    }

    @Test
    void anInvalidDocumentGetsEveryProblemListedAndNothingIsStored() {
        ObjectNode doc = Steps.JSON.createObjectNode().put("name", "Broken");
        doc.putArray("tasks")
                .add(Steps.JSON.createObjectNode().put("name", "A").put("type", "teleport"))
                .add(Steps.JSON.createObjectNode().put("name", "B").put("type", "function").put("function", "echo")
                        .set("dependencies", Steps.JSON.createArrayNode().add("Nowhere")))
                .add(Steps.JSON.createObjectNode().put("name", "B").put("type", "text"));

        Report run = Steps.script()
                .emit("workflow:submit", doc, "submit")
                .runJs(hub, ClientHub.CLIENT_TOKEN);

        JsonNode ack = run.ack("submit");
        assertThat(ack.path("ok").asBoolean()).isFalse();
        assertThat(ack.path("error").path("code").asText()).isEqualTo("invalid_workflow");
        assertThat(ack.path("error").path("message").asText()).startsWith("invalid workflow document");
        assertThat(ack.path("error").path("details")).extracting(d -> d.path("path").asText())
                .contains("$.tasks[0].type", "$.tasks[1].dependencies[0]", "$.tasks[2].name",
                        "$.tasks[2].prompt");
        assertThat(hub.streamEntries()).isZero();
    }

    @Test
    void resubmittingTheSameDocumentIsADuplicateAndADifferentOneUnderTheSameIdIsAConflict() {
        String id = uniqueId("dup");
        ObjectNode changed = hanging(id).put("name", "Another haul");

        Report run = Steps.script()
                .emit("workflow:submit", hanging(id), "first")
                .await("workflow:started", "workflow_id", id)
                .emit("workflow:submit", hanging(id), "again")
                .emit("workflow:submit", changed, "changed")
                .runPython(hub, ClientHub.CLIENT_TOKEN);

        assertThat(run.ack("first").path("ok").asBoolean()).isTrue();
        assertThat(run.ack("first").has("duplicate")).isFalse();
        assertThat(run.ack("again").path("ok").asBoolean()).isTrue();
        assertThat(run.ack("again").path("workflow_id").asText()).isEqualTo(id);
        assertThat(run.ack("again").path("duplicate").asBoolean()).isTrue();
        assertThat(run.ack("changed").path("ok").asBoolean()).isFalse();
        assertThat(run.ack("changed").path("error").path("code").asText()).isEqualTo("conflict");
        List<EventEnvelope<WorkflowEvent>> events = hub.log.readWorkflow(id, 0).toCompletableFuture().join();
        assertThat(events).map(EventEnvelope::payload).filteredOn(WorkflowSubmitted.class::isInstance).hasSize(1);
        assertThat(((WorkflowSubmitted) events.get(0).payload()).definition().name()).isEqualTo("Long haul");
    }

    @Test
    void aConnectionWithoutTheClientRoleIsRefusedAndChangesNothing() {
        String id = uniqueId("role");

        Report run = Steps.script()
                .emit("workflow:submit", pipeline(id), "submit")
                .emit("workflow:status", Map.of("workflow_id", id), "status")
                .emit("workflow:cancel", Map.of("workflow_id", id), "cancel")
                .emit("workflow:list", Map.of(), "list")
                .runJs(hub, ClientHub.MONITOR_TOKEN);

        for (String ack : List.of("submit", "status", "cancel", "list")) {
            assertThat(run.ack(ack).path("ok").asBoolean()).as(ack).isFalse();
            assertThat(run.ack(ack).path("error").path("code").asText()).as(ack).isEqualTo("forbidden");
        }
        assertThat(hub.streamEntries()).isZero();
    }

    @Test
    void requestsAboutUnknownWorkflowsAndMalformedRequestsAreAnsweredWithTheirErrors() {
        Report run = Steps.script()
                .emit("workflow:status", Map.of("workflow_id", "nobody"), "status")
                .emit("workflow:cancel", Map.of("workflow_id", "nobody"), "cancel")
                .emit("workflow:subscribe", Map.of("workflow_id", "nobody"), "subscribe")
                .emit("workflow:status", Map.of(), "no_id")
                .emit("workflow:list", Map.of("status", "sleeping", "limit", 5000), "list")
                .runPython(hub, ClientHub.CLIENT_TOKEN);

        assertThat(run.ack("status").path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(run.ack("cancel").path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(run.ack("subscribe").path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(run.ack("no_id").path("error").path("code").asText()).isEqualTo("bad_request");
        assertThat(run.ack("no_id").path("error").path("details").get(0).path("message").asText())
                .contains("workflow_id");
        assertThat(run.ack("list").path("error").path("code").asText()).isEqualTo("bad_request");
        assertThat(run.ack("list").path("error").path("details")).extracting(d -> d.path("path").asText())
                .containsExactly("$.status", "$.limit");
        assertThat(hub.streamEntries()).isZero();
    }

    @Test
    void aDocumentOfSeveralMegabytesArrivesOverTheDefaultTransports() {
        String id = uniqueId("big");
        ObjectNode doc = hanging(id);
        doc.putObject("metadata").put("blob", "x".repeat(3 * 1024 * 1024));

        Report run = Steps.script()
                .emit("workflow:submit", doc, "submit")
                .await("workflow:started", "workflow_id", id)
                .runJs(hub, ClientHub.CLIENT_TOKEN);

        assertThat(run.json().path("errors")).isEmpty();
        assertThat(run.ack("submit").path("ok").asBoolean()).isTrue();
        WorkflowSubmitted submitted = (WorkflowSubmitted) hub.log.readWorkflow(id, 0).toCompletableFuture().join()
                .get(0).payload();
        assertThat(submitted.definition().metadata().path("blob").asText()).hasSize(3 * 1024 * 1024);
    }

    @Test
    void installRefusesATransportWhoseFramesCannotCarryTheLargestDocument() {
        HubTransport small = HubTransport.create(HubTransportOptions.newBuilder().host("127.0.0.1").port(0)
                .maxFramePayloadBytes(64 * 1024).build(), Authenticator.allowAll());
        ClientDependencies deps = new ClientDependencies(hub.log, new WorkflowSummaries(hub.redis.connect(),
                hub.keys), new WorkflowDocumentParser(DocumentLimits.defaults(), () -> "x"), Clock.systemUTC(),
                "hub-test");

        assertThatThrownBy(() -> ClientHandlers.install(small, deps))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_frame_payload_bytes");
        small.close();
    }
}
