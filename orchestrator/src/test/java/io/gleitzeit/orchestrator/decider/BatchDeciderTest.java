package io.gleitzeit.orchestrator.decider;

import static io.gleitzeit.orchestrator.decider.Commands.FATAL;
import static io.gleitzeit.orchestrator.decider.Commands.RETRYABLE;
import static io.gleitzeit.orchestrator.decider.Commands.accepted;
import static io.gleitzeit.orchestrator.decider.Commands.completed;
import static io.gleitzeit.orchestrator.decider.Commands.failed;
import static io.gleitzeit.orchestrator.decider.Commands.retryDue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.state.BatchProgress;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Batch tasks in the decider: expansion, the concurrency window, item order, failures, cancellation, replays. */
class BatchDeciderTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SQUARE = "bw/0";
    private static final String REPORT = "bw/1";

    /** Squares five numbers, two at a time, then reports. */
    private static WorkflowDefinition squares(ErrorStrategy strategy, Consumer<Workflows.Task> extra) {
        return Workflows.workflow("bw").errorStrategy(strategy)
                .function("Square", "square", t -> {
                    t.param("args", JSON.arrayNode().add("{{item}}")).batch(numbers(5), 2);
                    extra.accept(t);
                })
                .function("Report", "report", t -> t.dependsOn("Square")
                        .param("args", JSON.arrayNode().add("{{Square.result}}")))
                .build();
    }

    private static ArrayNode numbers(int n) {
        ArrayNode a = JSON.arrayNode();
        for (int i = 1; i <= n; i++) {
            a.add(i);
        }
        return a;
    }

    private static String unit(int item) {
        return BatchProgress.unitId(SQUARE, item);
    }

    /** Applies commands, checking after each that the window of two unfinished units is never exceeded. */
    private static Scenario run(Scenario s, WorkflowCommand... commands) {
        for (WorkflowCommand c : commands) {
            s.apply(c);
            long unfinished = s.state().unitsOf(SQUARE).stream()
                    .filter(u -> u.status() != TaskStatus.PENDING && !u.status().isTerminal()).count();
            assertThat(unfinished).as("units unfinished after " + c).isLessThanOrEqualTo(2);
            s.state().batch(SQUARE).ifPresent(b -> assertThat(b.unfinished()).isEqualTo((int) unfinished));
        }
        return s;
    }

    private static List<String> dispatchedIds(List<WorkflowEvent> events) {
        return events.stream().filter(TaskDispatched.class::isInstance).map(e -> ((TaskDispatched) e).taskId())
                .toList();
    }

    private static TaskDispatched dispatchOf(Scenario s, String taskId) {
        return s.recordedEvents().stream().filter(e -> e instanceof TaskDispatched d && d.taskId().equals(taskId))
                .map(TaskDispatched.class::cast).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no dispatch of " + taskId));
    }

    @Nested
    class Expansion {
        @Test
        void aReadyBatchExpandsAndDispatchesAsManyUnitsAsItsWindowAllows() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> { }));

            List<WorkflowEvent> events = s.lastDecision().events();
            assertThat(events).contains(new TaskReady(SQUARE, 1), new TaskBatchExpanded(SQUARE, 1, 5),
                    new TaskReady(unit(0), 1), new TaskReady(unit(1), 1));
            assertThat(dispatchedIds(events)).containsExactly(unit(0), unit(1));
            assertThat(s.task(SQUARE).status()).isEqualTo(TaskStatus.BATCH_RUNNING);
            assertThat(s.task(unit(2)).status()).isEqualTo(TaskStatus.PENDING);
        }

        @Test
        void eachUnitGetsItsOwnElementInItsParameters() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> { }));

            assertThat(dispatchOf(s, unit(0)).parameters().get("args")).isEqualTo(JSON.arrayNode().add(1));
            assertThat(dispatchOf(s, unit(1)).parameters().get("args")).isEqualTo(JSON.arrayNode().add(2));
            assertThat(dispatchOf(s, unit(1)).parameters().get("function").asText()).isEqualTo("square");
        }

        @Test
        void anEmptyListCompletesTheBatchAtOnceWithAnEmptyList() {
            WorkflowDefinition wf = Workflows.workflow("bw")
                    .function("Square", "square", t -> t.batch(JSON.arrayNode(), 3))
                    .function("Report", "report", "Square").build();

            Scenario s = Scenario.submitted(wf);

            assertThat(s.recordedEvents()).contains(new TaskBatchExpanded(SQUARE, 1, 0),
                    new TaskCompleted(SQUARE, 1, JSON.arrayNode(), null, null, null, null), new TaskReady(REPORT, 1));
            assertThat(dispatchedIds(s.recordedEvents())).containsExactly(REPORT);
        }

        @Test
        void itemsFromADependencysResultWithAPath() {
            WorkflowDefinition wf = Workflows.workflow("bw")
                    .function("List", "list_docs")
                    .function("Each", "summarise", t -> t.dependsOn("List")
                            .param("args", JSON.arrayNode().add("{{item.name}}"))
                            .batch(TextNode.valueOf("{{List.result.docs}}"), 4))
                    .build();
            Scenario s = Scenario.submitted(wf);
            JsonNode listed = JSON.objectNode().set("docs", JSON.arrayNode()
                    .add(JSON.objectNode().put("name", "a.txt")).add(JSON.objectNode().put("name", "b.txt")));

            s.apply(completed("bw/0", 1, listed));

            assertThat(s.lastDecision().events()).contains(new TaskBatchExpanded("bw/1", 1, 2));
            assertThat(dispatchOf(s, "bw/1[0]").parameters().get("args")).isEqualTo(JSON.arrayNode().add("a.txt"));
            assertThat(dispatchOf(s, "bw/1[1]").parameters().get("args")).isEqualTo(JSON.arrayNode().add("b.txt"));
        }

        @Test
        void itemsThatAreNoListFailTheBatchTaskWithoutRetry() {
            WorkflowDefinition wf = Workflows.workflow("bw")
                    .function("List", "list_docs")
                    .function("Each", "summarise", t -> t.dependsOn("List").retries(3, Duration.ofSeconds(1))
                            .batch(TextNode.valueOf("{{List.result}}"), 4))
                    .build();
            Scenario s = Scenario.submitted(wf);

            s.apply(completed("bw/0", 1, JSON.objectNode().put("docs", 2)));

            TaskState each = s.task("bw/1");
            assertThat(each.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(each.lastError().message()).isEqualTo("batch.items must be a list, was an object");
            assertThat(each.lastError().type()).isEqualTo(Batches.ITEMS_ERROR);
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.FAILED);
        }
    }

    @Nested
    class Completion {
        @Test
        void unitsFinishingOutOfOrderReleaseTheNextAndTheResultKeepsItemOrder() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> { }));

            run(s, accepted(unit(1), 1), completed(unit(1), 1, IntNode.valueOf(4)));
            assertThat(dispatchedIds(s.lastDecision().events())).containsExactly(unit(2));
            run(s, completed(unit(2), 1, IntNode.valueOf(9)));
            assertThat(dispatchedIds(s.lastDecision().events())).containsExactly(unit(3));
            run(s, completed(unit(3), 1, IntNode.valueOf(16)), completed(unit(0), 1, IntNode.valueOf(1)));
            assertThat(s.task(SQUARE).status()).isEqualTo(TaskStatus.BATCH_RUNNING);
            run(s, completed(unit(4), 1, IntNode.valueOf(25)));

            ArrayNode squares = JSON.arrayNode().add(1).add(4).add(9).add(16).add(25);
            assertThat(s.task(SQUARE).result()).isEqualTo(squares);
            assertThat(dispatchOf(s, REPORT).parameters().get("args")).isEqualTo(JSON.arrayNode().add(squares));
            s.apply(completed(REPORT, 1, "ok"));
            assertThat(s.lastDecision().events()).last().isInstanceOfSatisfying(WorkflowCompleted.class, c -> {
                assertThat(c.completedTasks()).isEqualTo(2);
                assertThat(c.results()).containsOnlyKeys("Square", "Report").containsEntry("Square", squares);
            });
        }

        @Test
        void aDuplicatedOrLateUnitCompletionChangesNothing() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> { }));
            run(s, completed(unit(0), 1, IntNode.valueOf(1)));

            assertThat(s.decide(completed(unit(0), 1, IntNode.valueOf(1))).isEmpty()).isTrue();
            run(s, completed(unit(1), 1, IntNode.valueOf(4)), completed(unit(2), 1, IntNode.valueOf(9)),
                    completed(unit(3), 1, IntNode.valueOf(16)), completed(unit(4), 1, IntNode.valueOf(25)));
            assertThat(s.task(SQUARE).status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(s.decide(completed(unit(4), 1, IntNode.valueOf(25))).isEmpty()).isTrue();
            assertThat(s.decide(completed(SQUARE, 1, IntNode.valueOf(0))).isEmpty()).isTrue();
        }

        @Test
        void aReportForTheBatchTaskItselfIsIgnoredWhileItRuns() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> { }));

            Decision d = s.decide(completed(SQUARE, 1, "not from a unit"));

            assertThat(d.isEmpty()).isTrue();
            assertThat(d.rule().situation()).isEqualTo(Situation.ATTEMPT_NOT_DISPATCHED);
        }
    }

    @Nested
    class Failures {
        @Test
        void aFailedUnitIsRetriedAndKeepsItsSlotMeanwhile() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> t.retries(2, Duration.ofSeconds(1))));

            run(s, failed(unit(0), 1, RETRYABLE));
            assertThat(s.lastDecision().events()).contains(new TaskRetryScheduled(unit(0), 2, Duration.ofSeconds(1),
                    Scenario.T0.plusSeconds(1)));
            assertThat(dispatchedIds(s.lastDecision().events())).as("the waiting retry holds the slot").isEmpty();
            assertThat(s.lastDecision().timers()).hasSize(1).first().isInstanceOfSatisfying(TimerChange.Schedule.class,
                    t -> assertThat(t.timer().kind()).isEqualTo(TimerKind.RETRY_DUE));
            s.advance(Duration.ofSeconds(1));
            run(s, retryDue(unit(0), 2));
            assertThat(dispatchOf(s, unit(0)).attempt()).isEqualTo(2);
            run(s, completed(unit(0), 2, IntNode.valueOf(1)));
            assertThat(dispatchedIds(s.lastDecision().events())).containsExactly(unit(2));
        }

        @Test
        void underStopAUnitThatFailsForGoodFailsTheBatchAndTheWorkflow() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> { }));

            run(s, failed(unit(1), 1, FATAL));

            List<WorkflowEvent> events = s.lastDecision().events();
            assertThat(events).containsSubsequence(new TaskFailed(unit(1), 1, FATAL),
                    new TaskCancelled(unit(0), 1, "item 1 failed: bad input"),
                    new TaskSkipped(unit(2), "item 1 failed: bad input"),
                    new TaskSkipped(unit(4), "item 1 failed: bad input"));
            TaskState square = s.task(SQUARE);
            assertThat(square.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(square.lastError().type()).isEqualTo(Batches.UNIT_FAILED);
            assertThat(square.lastError().retryable()).isFalse();
            assertThat(s.task(REPORT).status()).isEqualTo(TaskStatus.SKIPPED);
            assertThat(events).last().isInstanceOfSatisfying(WorkflowFailed.class, f ->
                    assertThat(f.errors()).containsEntry("Square", "item 1 failed: bad input"));
        }

        @Test
        void underContinueTheFailedUnitsSlotHoldsItsErrorAndTheBatchCompletes() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.CONTINUE, t -> { }));

            run(s, failed(unit(1), 1, FATAL), completed(unit(0), 1, IntNode.valueOf(1)),
                    completed(unit(2), 1, IntNode.valueOf(9)), completed(unit(3), 1, IntNode.valueOf(16)),
                    completed(unit(4), 1, IntNode.valueOf(25)));

            JsonNode result = s.task(SQUARE).result();
            assertThat(result.size()).isEqualTo(5);
            assertThat(result.get(1)).isEqualTo(JSON.objectNode().put("success", false).put("error", "bad input")
                    .put("error_type", "ValueError"));
            assertThat(result.get(4).asInt()).isEqualTo(25);
            assertThat(s.task(REPORT).status()).isEqualTo(TaskStatus.DISPATCHED);
        }

        @Test
        void aLostServiceFailsTheUnitsItHeldAsRetryable() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> t.retries(2, Duration.ofSeconds(1))));

            run(s, new ReleaseServiceTasks("svc-f", "heartbeat missed"));

            assertThat(s.task(unit(0)).status()).isEqualTo(TaskStatus.RETRY_WAITING);
            assertThat(s.task(unit(1)).status()).isEqualTo(TaskStatus.RETRY_WAITING);
            assertThat(s.task(SQUARE).status()).isEqualTo(TaskStatus.BATCH_RUNNING);
            assertThat(s.decide(new ReleaseServiceTasks("svc-f", "again")).isEmpty()).isTrue();
        }

        @Test
        void aWorkflowTimeoutEndsTheUnitsBeforeTheBatchTask() {
            WorkflowDefinition wf = Workflows.workflow("bw").timeout(Duration.ofMinutes(1))
                    .function("Square", "square", t -> t.batch(numbers(3), 2)).build();
            Scenario s = Scenario.submitted(wf).advance(Duration.ofMinutes(1));

            s.apply(Commands.workflowTimeout());

            assertThat(s.lastDecision().events()).containsSubsequence(
                    new TaskCancelled(unit(0), 1, "workflow timed out after 60s"),
                    new TaskCancelled(unit(1), 1, "workflow timed out after 60s"),
                    new TaskSkipped(unit(2), "workflow timed out after 60s"),
                    new TaskCancelled(SQUARE, 0, "workflow timed out after 60s"));
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.FAILED);
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancellingTheWorkflowCancelsEveryUnitThenTheBatchTask() {
            Scenario s = Scenario.submitted(squares(ErrorStrategy.STOP, t -> { }));
            run(s, completed(unit(0), 1, IntNode.valueOf(1)));

            s.apply(new CancelWorkflow("no longer needed", "alice"));

            assertThat(s.lastDecision().events()).containsExactly(
                    new TaskCancelled(unit(1), 1, "no longer needed"),
                    new TaskCancelled(unit(2), 1, "no longer needed"),
                    new TaskCancelled(unit(3), 0, "no longer needed"),
                    new TaskCancelled(unit(4), 0, "no longer needed"),
                    new TaskCancelled(SQUARE, 0, "no longer needed"),
                    new TaskCancelled(REPORT, 0, "no longer needed"),
                    new WorkflowCancelled("no longer needed", "alice"));
            assertThat(s.decide(completed(unit(1), 1, IntNode.valueOf(4))).isEmpty()).isTrue();
        }
    }
}
