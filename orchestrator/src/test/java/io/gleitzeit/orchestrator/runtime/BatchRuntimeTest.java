package io.gleitzeit.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.orchestrator.runtime.SimulatedFleet.Outcome;
import io.gleitzeit.state.BatchProgress;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch tasks through two real replicas on Redis, answered by a simulated fleet at the stream level (duplicated and
 * reordered reports included): the list comes from a dependency's result, units run at most {@code max_concurrency}
 * at a time, retried units get a new attempt, results keep item order, and both error strategies hold.
 */
@RedisTest
class BatchRuntimeTest {
    private static final int PARTITIONS = 2;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<OrchestratorReplica> replicas = new ArrayList<>();
    private RedisEventLog log;
    private SimulatedFleet fleet;

    @BeforeEach
    void start(TestRedis redis) {
        String prefix = redis.prefix() + "batch:";
        RoutingSource routing = RoutingSource.fixed(RoutingSnapshot.of(ServiceCandidate
                .newBuilder("sim-1", "simulated", "hub-test")
                .serviceType("function").taskTypes("python_execution").maxConcurrent(1_000).build()));
        for (int i = 0; i < 2; i++) {
            ReplicaOptions options = ReplicaOptions.newBuilder().replicaId("b" + i).keyPrefix(prefix)
                    .partitions(PARTITIONS).batchSize(16).timerInterval(Duration.ofMillis(20)).build();
            OrchestratorReplica replica = new OrchestratorReplica(redis.client(), options, routing);
            replica.start().toCompletableFuture().join();
            replicas.add(replica);
        }
        log = RedisEventLog.connect(redis.client(), new KeyLayout(prefix, new PartitionScheme(PARTITIONS)),
                EventCodec.standard());
        PartitionTail tail = new PartitionTail(redis.client(), log.keys(), log.decoder(), StreamPosition.FIRST);
        fleet = new SimulatedFleet(log, tail, BatchRuntimeTest::behaviour, 11L, 0.3, 0.3);
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
        replicas.forEach(OrchestratorReplica::close);
        log.close();
    }

    /**
     * Units of item 2 fail once (retryably); item 4's unit fails for good; the cancelled workflow's units are never
     * answered; everything else completes.
     */
    private static Outcome behaviour(String taskId, int attempt) {
        if (taskId.startsWith("batch-cancel/")) {
            return Outcome.NO_ANSWER;
        }
        if (taskId.endsWith("[4]")) {
            return Outcome.FAIL_PERMANENTLY;
        }
        return taskId.endsWith("[2]") && attempt == 1 ? Outcome.FAIL_RETRYABLE : Outcome.COMPLETE;
    }

    /** List echoes six names as its args; Each runs once per name, two at a time; Report gets Each's list. */
    private static WorkflowDefinition workflow(String id, ErrorStrategy strategy) {
        ArrayNode names = JSON.arrayNode();
        for (int i = 0; i < 6; i++) {
            names.add("doc-" + i);
        }
        return Workflows.workflow(id).errorStrategy(strategy)
                .function("List", "list_docs", t -> t.param("args", names))
                .function("Each", "summarise", t -> t.dependsOn("List")
                        .param("args", JSON.arrayNode().add("{{item}}"))
                        .batch(TextNode.valueOf("{{List.result.args}}"), 2).retries(2, Duration.ofMillis(10)))
                .function("Report", "report", t -> t.dependsOn("Each")
                        .param("args", JSON.arrayNode().add("{{Each.result}}")))
                .build();
    }

    @Test
    void underContinueEveryItemRunsWithinTheWindowAndTheResultKeepsItemOrder() {
        submit(workflow("batch-continue", ErrorStrategy.CONTINUE));

        List<EventEnvelope<WorkflowEvent>> events = awaitTerminal("batch-continue");

        WorkflowState state = WorkflowEvolver.fold("batch-continue", events);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        JsonNode result = state.taskByName("Each").orElseThrow().result();
        assertThat(result).hasSize(6);
        for (int i = 0; i < 6; i++) {
            if (i == 4) {
                assertThat(result.get(i).get("success").asBoolean()).isFalse();
                assertThat(result.get(i).get("error").asText()).isEqualTo("simulated FAIL_PERMANENTLY");
            } else {
                assertThat(result.get(i).get("args")).as("item %d", i).isEqualTo(JSON.arrayNode().add("doc-" + i));
            }
        }
        TaskState unit2 = state.task(BatchProgress.unitId("batch-continue/1", 2)).orElseThrow();
        assertThat(unit2.attemptsMade()).as("the retried unit").isEqualTo(2);
        assertThat(state.taskByName("Report").orElseThrow().result().get("args").get(0)).isEqualTo(result);
        assertWindowHeldAndDispatchedOnce("batch-continue", events, 2);
    }

    @Test
    void underStopAUnitThatFailsForGoodFailsTheWorkflowAndEndsTheOtherUnits() {
        submit(workflow("batch-stop", ErrorStrategy.STOP));

        List<EventEnvelope<WorkflowEvent>> events = awaitTerminal("batch-stop");

        WorkflowState state = WorkflowEvolver.fold("batch-stop", events);
        assertThat(state.status()).isEqualTo(WorkflowStatus.FAILED);
        TaskState each = state.taskByName("Each").orElseThrow();
        assertThat(each.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(each.lastError().message()).isEqualTo("item 4 failed: simulated FAIL_PERMANENTLY");
        assertThat(state.unitsOf(each.taskId())).allMatch(u -> u.status().isTerminal());
        assertThat(state.taskByName("Report").orElseThrow().status()).isEqualTo(TaskStatus.SKIPPED);
        assertWindowHeldAndDispatchedOnce("batch-stop", events, 2);
    }

    @Test
    void cancellingAWorkflowMidBatchCancelsItsUnits() {
        WorkflowDefinition wf = Workflows.workflow("batch-cancel")
                .function("Slow", "slow", t -> t.param("args", JSON.arrayNode().add("{{item}}"))
                        .batch(JSON.arrayNode().add(1).add(2).add(3), 2))
                .build();
        submit(wf);
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkflowEvolver.fold("batch-cancel", read("batch-cancel"))
                .batch("batch-cancel/0").map(b -> b.released() == 2).orElse(false));

        send("batch-cancel", new CancelWorkflow("not needed", "tester"));

        WorkflowState state = WorkflowEvolver.fold("batch-cancel", awaitTerminal("batch-cancel"));
        assertThat(state.status()).isEqualTo(WorkflowStatus.CANCELLED);
        assertThat(state.unitsOf("batch-cancel/0")).extracting(TaskState::status).containsOnly(TaskStatus.CANCELLED);
        assertThat(state.task("batch-cancel/0").orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    }

    /** Folds the history event by event: never more unfinished units than the window, one dispatch per attempt. */
    private static void assertWindowHeldAndDispatchedOnce(String workflowId, List<EventEnvelope<WorkflowEvent>> events,
                                                          int window) {
        WorkflowState state = WorkflowState.initial(workflowId);
        Set<String> dispatched = new HashSet<>();
        int most = 0;
        for (EventEnvelope<WorkflowEvent> e : events) {
            state = WorkflowEvolver.evolve(state, e);
            most = Math.max(most, state.batch(workflowId + "/1").map(BatchProgress::unfinished).orElse(0));
            if (e.payload() instanceof TaskDispatched d) {
                assertThat(dispatched.add(d.taskId() + "#" + d.attempt())).as("one dispatch of " + d.taskId()).isTrue();
            }
        }
        assertThat(most).isEqualTo(window);
    }

    private void submit(WorkflowDefinition wf) {
        send(wf.workflowId(), new SubmitWorkflow(wf, "test"));
    }

    private void send(String workflowId, WorkflowCommand command) {
        log.send(new CommandEnvelope(command.getClass().getSimpleName() + ":" + workflowId, workflowId, Instant.now(),
                "test", workflowId, command)).toCompletableFuture().join();
    }

    private List<EventEnvelope<WorkflowEvent>> read(String workflowId) {
        return log.readWorkflow(workflowId, 0).toCompletableFuture().join();
    }

    private List<EventEnvelope<WorkflowEvent>> awaitTerminal(String workflowId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<EventEnvelope<WorkflowEvent>> events = read(workflowId);
            return !events.isEmpty() && WorkflowEvolver.fold(workflowId, events).status().isTerminal();
        });
        return read(workflowId);
    }
}
