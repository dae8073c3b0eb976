package io.gleitzeit.orchestrator.hub.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.orchestrator.hub.clients.Steps.Report;
import io.gleitzeit.orchestrator.hub.rooms.LiveProgressRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomEvent;
import io.gleitzeit.orchestrator.hub.rooms.RoomRelay;
import io.gleitzeit.orchestrator.hub.rooms.RoomSink;
import io.gleitzeit.orchestrator.hub.rooms.WorkflowRooms;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Room events reach a workflow's subscribers on every hub, whoever submitted it and whichever replica decided. */
@RedisTest
class RoomEventsTest {
    private ClientHub hub;

    @BeforeEach
    void startHub(TestRedis redis) {
        hub = new ClientHub(redis);
    }

    @AfterEach
    void stopHub() throws Exception {
        hub.close();
    }

    @Test
    void aSubscriberOnAnotherHubFollowsAWorkflowSubmittedElsewhereIncludingLiveChunks() throws Exception {
        ClientHub.HubNode other = hub.startNode("hub-b");
        hub.startReplica("r1");
        String id = ClientEventsTest.uniqueId("elsewhere");
        String taskId = id + "/0";
        // Submitted straight to the command stream: neither hub saw the submission.
        hub.log.send(new CommandEnvelope("submit:" + id, id, Instant.now(), "tool", id, new SubmitWorkflow(
                new WorkflowDocumentParser(() -> id).parse(ClientEventsTest.hanging(id)), "tool")))
                .toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkflowEvolver.fold(id,
                        hub.log.readWorkflow(id, 0).toCompletableFuture().join()).task(taskId)
                .filter(t -> t.status() == TaskStatus.RUNNING).isPresent());

        CompletableFuture<Report> follower = CompletableFuture.supplyAsync(() -> Steps.script()
                .emit("workflow:subscribe", Map.of("workflow_id", id), "subscribe")
                .await("task:progress", "workflow_id", id, "chunk", "Hel")
                .await("workflow:completed", "workflow_id", id)
                .emit("workflow:unsubscribe", Map.of("workflow_id", id), "unsubscribe")
                .runPython(other.url(), ClientHub.CLIENT_TOKEN));
        await().atMost(Duration.ofSeconds(60)).until(() -> follower.isDone()
                || !other.transport().roomMembers(WorkflowRooms.of(id)).isEmpty());
        // What the hub holding the service's socket publishes for a streamed chunk.
        hub.redis.connect().sync().publish(LiveProgressRelay.channel(hub.keys), Steps.JSON.createObjectNode()
                .put("task_id", taskId).put("workflow_id", id).put("progress", 40).put("chunk", "Hel")
                .put("node_id", ScriptedService.SERVICE_ID).put("attempt", 1).toString());
        hub.service.complete(id, taskId, 1, "Hello");
        Report run = follower.get();

        assertThat(run.json().path("errors")).isEmpty();
        assertThat(run.ack("subscribe").path("ok").asBoolean()).isTrue();
        assertThat(run.ack("subscribe").path("status").asText()).isEqualTo("running");
        assertThat(run.ack("unsubscribe").path("ok").asBoolean()).isTrue();
        // Live chunks and recorded events travel different paths (pub/sub, streams): no order between the two.
        assertThat(run.namesOf(id)).filteredOn(n -> !n.equals("task:progress"))
                .containsExactly("task:status", "task:completed", "workflow:completed");
        assertThat(run.namesOf(id)).filteredOn(n -> n.equals("task:progress")).hasSize(1);
        assertThat(run.first(id, "task:progress").path("chunk").asText()).isEqualTo("Hel");
        assertThat(run.first(id, "task:progress").path("progress").asDouble()).isEqualTo(40.0);
        assertThat(run.first(id, "task:completed").path("result").path("text").asText()).isEqualTo("Hello");
        JsonNode completed = run.first(id, "workflow:completed");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("results").path("Wait").path("text").asText()).isEqualTo("Hello");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> other.transport().roomMembers(WorkflowRooms.of(id)).isEmpty());
    }

    @Test
    void aRelayFedFromTheMiddleOfAWorkflowFoldsItsHistoryFirst() {
        String id = ClientEventsTest.uniqueId("midway");
        Report run = Steps.script()
                .emit("workflow:submit", ClientEventsTest.pipeline(id), "submit")
                .await("workflow:completed", "workflow_id", id)
                .runJs(hub, ClientHub.CLIENT_TOKEN);
        assertThat(run.json().path("errors")).isEmpty();
        int partition = hub.keys.partitions().partitionOf(id);
        List<Commit> commits = hub.log.readPartition(partition, StreamPosition.FIRST, 1000).toCompletableFuture()
                .join().stream().filter(c -> c.workflowId().equals(id)).toList();
        List<RoomEvent> sent = new ArrayList<>();
        RoomRelay relay = RoomRelay.over(hub.log, new RoomSink() {
            @Override
            public boolean hasMembers(String room) {
                return room.equals(WorkflowRooms.of(id));
            }

            @Override
            public void send(String room, RoomEvent event) {
                sent.add(event);
            }
        });

        // Joins after the submission and Fetch's dispatch: the state before is folded from the history.
        int from = commits.size() - 3;
        commits.subList(from, commits.size()).forEach(relay::relay);
        relay.close(); // sends what was handed over first

        List<String> expected = run.namesOf(id).stream().filter(n -> !n.equals("workflow:status_response"))
                .toList();
        List<String> names = sent.stream().map(RoomEvent::name).toList();
        assertThat(names).isNotEmpty().endsWith("workflow:completed");
        assertThat(expected).endsWith(names.toArray(String[]::new));
    }

    @Test
    void aTaskThatFailsForGoodIsReportedByNameAndTheWorkflowEndsFailed() {
        String id = ClientEventsTest.uniqueId("fails");
        ObjectNode doc = Steps.JSON.createObjectNode().put("workflow_id", id).put("name", "Doomed");
        doc.putArray("tasks")
                .add(Steps.JSON.createObjectNode().put("name", "Explode").put("type", "function")
                        .put("function", "fail"))
                .add(Steps.JSON.createObjectNode().put("name", "After").put("type", "function")
                        .put("function", "echo").set("dependencies", Steps.JSON.createArrayNode().add("Explode")));

        Report run = Steps.script()
                .emit("workflow:submit", doc, "submit")
                .await("workflow:completed", "workflow_id", id)
                .runJs(hub, ClientHub.CLIENT_TOKEN);

        assertThat(run.json().path("errors")).isEmpty();
        List<String> protocolEvents = run.namesOf(id).stream().filter(n -> !n.equals("task:status")).toList();
        assertThat(protocolEvents).containsExactly("workflow:started", "task:failed", "workflow:completed");
        JsonNode failed = run.first(id, "task:failed");
        assertThat(failed.path("task_name").asText()).isEqualTo("Explode");
        assertThat(failed.path("task_id").asText()).isEqualTo(id + "/0");
        assertThat(failed.path("error").asText()).isEqualTo("boom");
        JsonNode completed = run.first(id, "workflow:completed");
        assertThat(completed.path("status").asText()).isEqualTo("failed");
        assertThat(completed.path("failed_tasks").asInt()).isEqualTo(1);
        assertThat(completed.path("completed_tasks").asInt()).isZero();
        assertThat(completed.path("errors").path("Explode").asText()).isEqualTo("boom");
        assertThat(run.eventsOf(id).stream().filter(e -> e.path("event").asText().equals("task:status"))
                .filter(e -> e.path("payload").path("task_name").asText().equals("After"))
                .map(e -> e.path("payload").path("status").asText()))
                .containsExactly("skipped");
    }
}
