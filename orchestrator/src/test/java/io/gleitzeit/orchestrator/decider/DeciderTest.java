package io.gleitzeit.orchestrator.decider;

import static io.gleitzeit.orchestrator.decider.Commands.FATAL;
import static io.gleitzeit.orchestrator.decider.Commands.RETRYABLE;
import static io.gleitzeit.orchestrator.decider.Commands.accepted;
import static io.gleitzeit.orchestrator.decider.Commands.completed;
import static io.gleitzeit.orchestrator.decider.Commands.failed;
import static io.gleitzeit.orchestrator.decider.Commands.progress;
import static io.gleitzeit.orchestrator.decider.Commands.retryDue;
import static io.gleitzeit.orchestrator.decider.Commands.taskTimeout;
import static io.gleitzeit.orchestrator.decider.Commands.workflowTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.DispatchReadyTasks;
import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.orchestrator.routing.EndpointCandidate;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeciderTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    /** Extract and Summarise (a text task on Extract's result), plus an independent Audit. */
    private static final WorkflowDefinition PIPELINE = Workflows.workflow("wf")
            .function("Extract", "extract")
            .text("Summarise", "Summarise: {{Extract.result}}", "llama3", t -> t.dependsOn("Extract"))
            .function("Audit", "audit")
            .build();
    private static final String EXTRACT = "wf/0";
    private static final String SUMMARISE = "wf/1";
    private static final String AUDIT = "wf/2";

    private static TaskDispatched dispatchOf(List<WorkflowEvent> events, String taskId) {
        return events.stream().filter(e -> e instanceof TaskDispatched d && d.taskId().equals(taskId))
                .map(TaskDispatched.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no dispatch of " + taskId + " in " + events));
    }

    private static FireTimer timer(TimerKind kind, String taskId, int attempt) {
        return new FireTimer(kind, taskId, attempt);
    }

    @Nested
    class SubmitWorkflow_ {
        @Test
        void submissionMakesTasksWithoutDependenciesReadyAndDispatchesThem() {
            Scenario s = Scenario.of("wf");

            Decision d = s.apply(new SubmitWorkflow(PIPELINE, "alice"));

            assertThat(d.events()).hasSize(5);
            assertThat(d.events().subList(0, 3)).containsExactly(new WorkflowSubmitted(PIPELINE, "alice"),
                    new TaskReady(EXTRACT, 1), new TaskReady(AUDIT, 1));
            TaskDispatched extract = (TaskDispatched) d.events().get(3);
            assertThat(extract.taskId()).isEqualTo(EXTRACT);
            assertThat(extract.attempt()).isEqualTo(1);
            assertThat(extract.target().serviceId()).isEqualTo("svc-f");
            assertThat(extract.externalTaskType()).isEqualTo("python_execution");
            assertThat(extract.parameters().get("function").asText()).isEqualTo("extract");
            assertThat(extract.deadline()).isNull();
            assertThat(((TaskDispatched) d.events().get(4)).taskId()).isEqualTo(AUDIT);
            assertThat(d.timers()).isEmpty();
            assertThat(d.readyQueue()).isEqualTo(ReadyQueueChange.UNCHANGED);
            assertThat(d.rule()).isEqualTo(new Rule(CommandKind.SUBMIT_WORKFLOW, Situation.WORKFLOW_NOT_SUBMITTED,
                    Action.START_WORKFLOW));
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.RUNNING);
        }

        @Test
        void aWorkflowTimeoutIsScheduledFromTheDecisionTime() {
            WorkflowDefinition def = Workflows.workflow("wf").timeout(Duration.ofHours(1))
                    .function("A", "a").build();

            Decision d = Scenario.of("wf").apply(new SubmitWorkflow(def, "alice"));

            assertThat(d.timers()).containsExactly(new TimerChange.Schedule("wf",
                    timer(TimerKind.WORKFLOW_TIMEOUT, null, 0), Scenario.T0.plus(Duration.ofHours(1))));
        }

        @Test
        void tasksNoServiceCanTakeStayReadyAndTheWorkflowWaits() {
            Scenario s = Scenario.of("wf").routing(RoutingSnapshot.empty());

            Decision d = s.apply(new SubmitWorkflow(PIPELINE, "alice"));

            assertThat(d.events()).containsExactly(new WorkflowSubmitted(PIPELINE, "alice"),
                    new TaskReady(EXTRACT, 1), new TaskReady(AUDIT, 1));
            assertThat(d.readyQueue()).isEqualTo(ReadyQueueChange.WAITING);
        }

        @Test
        void submittingAgainChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE);

            Decision d = s.apply(new SubmitWorkflow(PIPELINE, "alice"));

            assertThat(d.isEmpty()).isTrue();
            assertThat(d.timers()).isEmpty();
            assertThat(d.rule().action()).isEqualTo(Action.IGNORE);
        }

        @Test
        void aWorkflowWithoutTasksCompletesAtOnce() {
            WorkflowDefinition empty = Workflows.workflow("wf").build();

            Decision d = Scenario.of("wf").apply(new SubmitWorkflow(empty, "alice"));

            assertThat(d.events()).containsExactly(new WorkflowSubmitted(empty, "alice"),
                    new WorkflowCompleted(0, Map.of()));
        }

        @Test
        void aDefinitionOfAnotherWorkflowIsRejected() {
            Scenario s = Scenario.of("other");
            assertThatThrownBy(() -> s.decide(new SubmitWorkflow(PIPELINE, "alice")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("definition.workflowId");
        }

        @Test
        void aCommandForAnotherWorkflowIsRejected() {
            WorkflowState state = WorkflowState.initial("wf");
            CommandEnvelope command = new CommandEnvelope("c1", "other", Scenario.T0, "t", null,
                    new DispatchReadyTasks("x"));
            assertThatThrownBy(() -> new Decider().decide(state, command,
                    new DecisionContext(Scenario.T0, RoutingSnapshot.empty())))
                    .hasMessageContaining("is for workflow other, not for wf");
        }
    }

    @Nested
    class Dispatch {
        @Test
        void higherPriorityGoesFirstThenDocumentOrder() {
            WorkflowDefinition def = Workflows.workflow("wf")
                    .function("low", "f", t -> t.priority(Priority.LOW))
                    .function("normal", "f")
                    .function("high", "f", t -> t.priority(Priority.HIGH))
                    .function("normal too", "f")
                    .build();
            ServiceCandidate twoSlots = ServiceCandidate.newBuilder("svc-f", "fn", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(2).build();

            Scenario s = Scenario.submitted(def, RoutingSnapshot.of(twoSlots));

            assertThat(s.state().tasksInOrder()).extracting(t -> t.status())
                    .containsExactly(TaskStatus.READY, TaskStatus.DISPATCHED, TaskStatus.DISPATCHED,
                            TaskStatus.READY);
        }

        @Test
        void aDecisionCountsItsOwnDispatchesAgainstCapacity() {
            WorkflowDefinition def = Workflows.workflow("wf").function("a", "f").function("b", "f")
                    .function("c", "f").build();
            ServiceCandidate oneFree = ServiceCandidate.newBuilder("svc-f", "fn", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(3).inFlight(1).build();

            Decision d = Scenario.of("wf").routing(RoutingSnapshot.of(oneFree))
                    .apply(new SubmitWorkflow(def, "t"));

            assertThat(d.events()).filteredOn(TaskDispatched.class::isInstance).hasSize(2);
            assertThat(d.readyQueue()).isEqualTo(ReadyQueueChange.WAITING);
        }

        @Test
        void dispatchesAreSpreadOverTheLeastLoadedServices() {
            WorkflowDefinition def = Workflows.workflow("wf").function("a", "f").function("b", "f").build();
            ServiceCandidate x = ServiceCandidate.newBuilder("svc-x", "x", "hub-1").taskTypes("python_execution")
                    .maxConcurrent(2).build();
            ServiceCandidate y = ServiceCandidate.newBuilder("svc-y", "y", "hub-1").taskTypes("python_execution")
                    .maxConcurrent(2).build();

            Decision d = Scenario.of("wf").routing(RoutingSnapshot.of(x, y)).apply(new SubmitWorkflow(def, "t"));

            assertThat(dispatchOf(d.events(), "wf/0").target().serviceId()).isEqualTo("svc-x");
            assertThat(dispatchOf(d.events(), "wf/1").target().serviceId()).isEqualTo("svc-y");
            assertThat(dispatchOf(d.events(), "wf/1").routing().candidates())
                    .extracting(c -> c.serviceId() + ":" + c.inFlight()).containsExactly("svc-y:0", "svc-x:1");
        }

        @Test
        void referencesAreResolvedAgainstTheResultsAndTheProviderIsWrittenIn() {
            Scenario s = Scenario.submitted(PIPELINE);

            Decision d = s.apply(completed(EXTRACT, 1, "revenue 12M"));

            TaskDispatched summarise = dispatchOf(d.events(), SUMMARISE);
            ObjectNode expected = JsonNodeFactory.instance.objectNode()
                    .put("prompt", "Summarise: revenue 12M").put("model", "llama3").put("provider", "internal");
            assertThat(summarise.parameters()).isEqualTo(expected);
            assertThat(summarise.externalTaskType()).isEqualTo("llm_generation");
            assertThat(summarise.target().serviceId()).isEqualTo("svc-o");
            assertThat(s.state().definition().tasks().get(1).parameters().has("provider"))
                    .as("the definition is never modified").isFalse();
        }

        @Test
        void anExactReferenceKeepsTheResultsJsonType() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a")
                    .function("B", "b", t -> t.dependsOn("A").param("args", TextNode.valueOf("{{A.result.n}}")))
                    .build();
            Scenario s = Scenario.submitted(def);

            Decision d = s.apply(completed("wf/0", 1, JsonNodeFactory.instance.objectNode().put("n", 7)));

            assertThat(dispatchOf(d.events(), "wf/1").parameters().get("args")).isEqualTo(IntNode.valueOf(7));
        }

        @Test
        void theModelNamesTheProviderWhenTheTaskDoesNot() {
            WorkflowDefinition def = Workflows.workflow("wf").text("Ask", "hi", "gpt-4o", t -> { }).build();
            ServiceCandidate openai = ServiceCandidate.newBuilder("svc-oa", "openai-gw", "hub-1")
                    .taskTypes("llm_generation").providers("openai").build();

            Decision d = Scenario.submitted(def, RoutingSnapshot.of(Scenario.OLLAMA, openai))
                    .lastDecision();

            TaskDispatched ask = dispatchOf(d.events(), "wf/0");
            assertThat(ask.target().serviceId()).isEqualTo("svc-oa");
            assertThat(ask.parameters().get("provider").asText()).isEqualTo("openai");
        }

        @Test
        void anExplicitProviderWins() {
            WorkflowDefinition def = Workflows.workflow("wf")
                    .text("Ask", "hi", "gpt-4o", t -> t.param("provider", "internal")).build();

            Scenario s = Scenario.submitted(def);

            assertThat(s.task("wf/0").target().serviceId()).isEqualTo("svc-o");
        }

        @Test
        void anExternalTaskAsksForItsOwnTaskType() {
            WorkflowDefinition def = Workflows.workflow("wf")
                    .task("Resize", TaskType.EXTERNAL, t -> t.param("task_type", "image_resize")).build();
            ServiceCandidate images = ServiceCandidate.newBuilder("svc-i", "images", "hub-1")
                    .taskTypes("image_resize").build();

            Scenario s = Scenario.submitted(def, RoutingSnapshot.of(Scenario.FUNCTIONS, images));

            assertThat(s.task("wf/0").target().serviceId()).isEqualTo("svc-i");
            assertThat(dispatchOf(s.recordedEvents(), "wf/0").externalTaskType()).isEqualTo("image_resize");
        }

        @Test
        void anExternalTaskWithoutTaskTypeFailsForGood() {
            WorkflowDefinition def = Workflows.workflow("wf")
                    .task("Odd", TaskType.EXTERNAL, t -> t.retries(3, FIVE_SECONDS)).build();

            Scenario s = Scenario.submitted(def);

            assertThat(s.task("wf/0").lastError())
                    .isEqualTo(new TaskError("external task has no task_type", "definition", false));
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.FAILED);
        }

        @Test
        void aPinnedTaskGoesOnlyToTheNamedService() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a", t -> t.service("special")).build();
            ServiceCandidate special = ServiceCandidate.newBuilder("svc-s", "special", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(1).inFlight(0).build();

            Scenario waiting = Scenario.submitted(def);
            Scenario pinned = Scenario.submitted(def, RoutingSnapshot.of(Scenario.FUNCTIONS, special));

            assertThat(waiting.task("wf/0").status()).isEqualTo(TaskStatus.READY);
            assertThat(pinned.task("wf/0").target().serviceId()).isEqualTo("svc-s");
            assertThat(dispatchOf(pinned.recordedEvents(), "wf/0").routing().strategy()).isEqualTo("pinned");
        }

        @Test
        void aTaskWithATimeoutGetsADeadlineAndATimer() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a", t -> t.timeout(FIVE_SECONDS))
                    .build();

            Decision d = Scenario.of("wf").apply(new SubmitWorkflow(def, "t"));

            assertThat(dispatchOf(d.events(), "wf/0").deadline()).isEqualTo(Scenario.T0.plus(FIVE_SECONDS));
            assertThat(d.timers()).containsExactly(new TimerChange.Schedule("wf",
                    taskTimeout("wf/0", 1), Scenario.T0.plus(FIVE_SECONDS)));
        }

        @Test
        void dispatchReadyTasksSendsWaitingTasksOnceCapacityAppears() {
            Scenario s = Scenario.submitted(PIPELINE, RoutingSnapshot.empty())
                    .routing(RoutingSnapshot.of(Scenario.FUNCTIONS));

            Decision d = s.apply(new DispatchReadyTasks("service registered"));

            assertThat(d.events()).extracting(e -> ((TaskDispatched) e).taskId()).containsExactly(EXTRACT, AUDIT);
            assertThat(d.readyQueue()).isEqualTo(ReadyQueueChange.NOT_WAITING);
        }

        @Test
        void aSlotFreedByTheDecisionIsUsedInTheSameDecision() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a").function("B", "b", "A").build();
            ServiceCandidate oneSlot = ServiceCandidate.newBuilder("svc-f", "fn", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(1).build();
            // the load figures come from appended events: while A's completion is decided, A still counts
            Scenario s = Scenario.submitted(def, RoutingSnapshot.of(oneSlot))
                    .routing(RoutingSnapshot.of(oneSlot.withOneMoreInFlight()));

            Decision d = s.apply(completed("wf/0", 1, "r"));

            assertThat(dispatchOf(d.events(), "wf/1").target().serviceId()).isEqualTo("svc-f");
        }

        @Test
        void dispatchReadyTasksWithoutCapacityChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE, RoutingSnapshot.empty());

            Decision d = s.apply(new DispatchReadyTasks("heartbeat"));

            assertThat(d.isEmpty()).isTrue();
            assertThat(d.readyQueue()).isEqualTo(ReadyQueueChange.UNCHANGED);
        }
    }

    @Nested
    class ReportTaskAccepted_ {
        @Test
        void theCurrentDispatchedAttemptIsAccepted() {
            Scenario s = Scenario.submitted(PIPELINE).advance(FIVE_SECONDS);

            Decision d = s.apply(accepted(EXTRACT, 1));

            assertThat(d.events()).containsExactly(new TaskAccepted(EXTRACT, 1, "svc-f"));
            assertThat(s.task(EXTRACT).acceptedAt()).isEqualTo(Scenario.T0.plus(FIVE_SECONDS));
        }

        @Test
        void aRepeatedAcceptanceChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE).given(accepted(EXTRACT, 1));

            assertThat(s.apply(accepted(EXTRACT, 1)).isEmpty()).isTrue();
        }

        @Test
        void anAcceptanceOfAnAttemptNeverDispatchedChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE);

            assertThat(s.apply(accepted(EXTRACT, 2)).isEmpty()).isTrue();
            assertThat(s.apply(accepted(SUMMARISE, 1)).isEmpty()).isTrue();
        }

        @Test
        void anAcceptanceArrivingAfterTheCompletionChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE).given(completed(EXTRACT, 1, "r"));

            assertThat(s.apply(accepted(EXTRACT, 1)).isEmpty()).isTrue();
        }
    }

    @Nested
    class ReportTaskProgress_ {
        @Test
        void progressOnADispatchedAttemptImpliesAcceptance() {
            Scenario s = Scenario.submitted(PIPELINE);

            Decision d = s.apply(progress(EXTRACT, 1, 30, "parsing"));

            assertThat(d.events()).containsExactly(new TaskProgressed(EXTRACT, 1, 30, "parsing"));
            assertThat(s.task(EXTRACT).status()).isEqualTo(TaskStatus.RUNNING);
        }

        @Test
        void identicalRepeatedProgressChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE).given(progress(EXTRACT, 1, 30, "parsing"));

            assertThat(s.apply(progress(EXTRACT, 1, 30, "parsing")).isEmpty()).isTrue();
        }

        @Test
        void newProgressIsRecorded() {
            Scenario s = Scenario.submitted(PIPELINE).given(progress(EXTRACT, 1, 30, "parsing"));

            assertThat(s.apply(progress(EXTRACT, 1, 60, "parsing")).events())
                    .containsExactly(new TaskProgressed(EXTRACT, 1, 60, "parsing"));
        }

        @Test
        void progressNamingAnotherEndpointMovesTheAttemptThereFirst() {
            Scenario s = Scenario.submitted(PIPELINE).given(progress(EXTRACT, 1, 0, "routed"));

            Decision d = s.apply(new ReportTaskProgress(EXTRACT, 1, 0, "running on endpoint gpu2", "gpu2"));

            assertThat(d.events()).containsExactly(new TaskEndpointSwitched(EXTRACT, 1, null, "gpu2"),
                    new TaskProgressed(EXTRACT, 1, 0, "running on endpoint gpu2"));
            assertThat(s.task(EXTRACT).target().endpointId()).isEqualTo("gpu2");
            assertThat(s.task(EXTRACT).attempt()).isEqualTo(1);

            assertThat(s.apply(new ReportTaskProgress(EXTRACT, 1, 0, "running on endpoint gpu2", "gpu2")).isEmpty())
                    .as("the same report again").isTrue();
            assertThat(s.apply(new ReportTaskProgress(EXTRACT, 1, 0, "running on endpoint gpu2", "gpu3")).events())
                    .as("only the move is new").containsExactly(new TaskEndpointSwitched(EXTRACT, 1, "gpu2", "gpu3"));
        }

        @Test
        void aMoveReportedForAStaleAttemptChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE).given(failed(EXTRACT, 1, RETRYABLE));

            assertThat(s.apply(new ReportTaskProgress(EXTRACT, 1, 0, "", "gpu2")).isEmpty()).isTrue();
        }

        @Test
        void progressOfAFinishedTaskChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE).given(completed(EXTRACT, 1, "r"));

            assertThat(s.apply(progress(EXTRACT, 1, 100, "")).isEmpty()).isTrue();
        }
    }

    @Nested
    class ReportTaskCompleted_ {
        @Test
        void completionReleasesTheDependentsAndDispatchesThem() {
            Scenario s = Scenario.submitted(PIPELINE).given(accepted(EXTRACT, 1));

            Decision d = s.apply(completed(EXTRACT, 1, "r"));

            assertThat(d.events().subList(0, 2)).containsExactly(
                    new TaskCompleted(EXTRACT, 1, TextNode.valueOf("r"), null, null, "svc-f", null),
                    new TaskReady(SUMMARISE, 1));
            assertThat(d.events().get(2)).isInstanceOf(TaskDispatched.class);
            assertThat(d.events()).hasSize(3);
            assertThat(s.state().resultsByName()).containsEntry("Extract", TextNode.valueOf("r"));
        }

        @Test
        void aDependentWaitsForAllItsDependencies() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a").function("B", "b")
                    .function("Join", "j", "A", "B").build();
            Scenario s = Scenario.submitted(def);

            Decision first = s.apply(completed("wf/0", 1, "a"));
            Decision second = s.apply(completed("wf/1", 1, "b"));

            assertThat(first.events()).noneMatch(TaskReady.class::isInstance);
            assertThat(second.events()).contains(new TaskReady("wf/2", 1));
        }

        @Test
        void completionRemovesTheAttemptsTimeoutTimer() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a", t -> t.timeout(FIVE_SECONDS))
                    .function("B", "b").build();
            Scenario s = Scenario.submitted(def);

            Decision d = s.apply(completed("wf/0", 1, "r"));

            assertThat(d.timers()).containsExactly(new TimerChange.Cancel("wf", taskTimeout("wf/0", 1)));
        }

        @Test
        void theLastCompletionCompletesTheWorkflowWithResultsByName() {
            WorkflowDefinition def = Workflows.workflow("wf").timeout(Duration.ofHours(1))
                    .function("A", "a").function("B", "b", "A").build();
            Scenario s = Scenario.submitted(def).given(completed("wf/0", 1, "ra"));

            Decision d = s.apply(completed("wf/1", 1, "rb"));

            assertThat(d.events()).containsExactly(
                    new TaskCompleted("wf/1", 1, TextNode.valueOf("rb"), null, null, "svc-f", null),
                    new WorkflowCompleted(2, Map.of("A", TextNode.valueOf("ra"), "B", TextNode.valueOf("rb"))));
            assertThat(d.timers()).containsExactly(new TimerChange.Cancel("wf", workflowTimeout()));
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.COMPLETED);
        }

        @Test
        void aRepeatedCompletionChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE).given(completed(EXTRACT, 1, "r"));

            Decision d = s.apply(completed(EXTRACT, 1, "r"));

            assertThat(d.isEmpty()).isTrue();
            assertThat(d.rule().situation()).isEqualTo(Situation.ATTEMPT_ENDED);
        }

        @Test
        void aLateResultOfASupersededAttemptIsRecordedOnceAndChangesNothing() {
            WorkflowDefinition def = Workflows.workflow("wf")
                    .function("A", "a", t -> t.retries(3, FIVE_SECONDS).timeout(Duration.ofSeconds(30))).build();
            Scenario s = Scenario.submitted(def).given(taskTimeout("wf/0", 1), retryDue("wf/0", 2));

            Decision late = s.apply(completed("wf/0", 1, "late"));
            Decision again = s.apply(completed("wf/0", 1, "late"));

            assertThat(late.events()).containsExactly(
                    new TaskResultDiscarded("wf/0", 1, "late result of attempt 1; attempt 2 is current"));
            assertThat(s.task("wf/0").status()).isEqualTo(TaskStatus.DISPATCHED);
            assertThat(s.state().resultsByName()).isEmpty();
            assertThat(again.isEmpty()).isTrue();
        }

        @Test
        void aCompletionOfAnAttemptNeverDispatchedChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE);

            assertThat(s.apply(completed(SUMMARISE, 1, "r")).isEmpty()).isTrue();
            assertThat(s.apply(completed("wf/77", 1, "r")).rule().situation()).isEqualTo(Situation.UNKNOWN_TASK);
        }
    }

    @Nested
    class ReportTaskFailed_ {
        private final WorkflowDefinition retried = Workflows.workflow("wf")
                .function("A", "a", t -> t.retries(2, FIVE_SECONDS)).function("B", "b", "A").build();

        @Test
        void aRetryableFailureWithAttemptsLeftSchedulesARetry() {
            Scenario s = Scenario.submitted(retried).advance(Duration.ofSeconds(1));
            Instant due = s.now().plus(FIVE_SECONDS);

            Decision d = s.apply(failed("wf/0", 1, RETRYABLE));

            assertThat(d.events()).containsExactly(new TaskFailed("wf/0", 1, RETRYABLE),
                    new TaskRetryScheduled("wf/0", 2, FIVE_SECONDS, due));
            assertThat(d.timers()).containsExactly(new TimerChange.Schedule("wf", retryDue("wf/0", 2), due));
            assertThat(s.task("wf/0").status()).isEqualTo(TaskStatus.RETRY_WAITING);
        }

        @Test
        void aNonRetryableFailureEndsTheTaskWhateverItsPolicy() {
            Scenario s = Scenario.submitted(retried);

            Decision d = s.apply(failed("wf/0", 1, FATAL));

            assertThat(d.events()).containsExactly(new TaskFailed("wf/0", 1, FATAL),
                    new TaskSkipped("wf/1", "task 'A' failed: bad input"),
                    new WorkflowFailed("task 'A' failed: bad input", 0, 1, Map.of(), Map.of("A", "bad input")));
        }

        @Test
        void theLastAllowedAttemptFailingEndsTheTask() {
            Scenario s = Scenario.submitted(retried).given(failed("wf/0", 1, RETRYABLE), retryDue("wf/0", 2));

            Decision d = s.apply(failed("wf/0", 2, RETRYABLE));

            assertThat(d.events()).first().isEqualTo(new TaskFailed("wf/0", 2, RETRYABLE));
            assertThat(d.events()).noneMatch(TaskRetryScheduled.class::isInstance);
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.FAILED);
        }

        @Test
        void stopCancelsRunningAttemptsSkipsTheRestAndFailsTheWorkflow() {
            WorkflowDefinition def = Workflows.workflow("wf").timeout(Duration.ofHours(1))
                    .function("A", "a").function("B", "b", t -> t.timeout(FIVE_SECONDS))
                    .function("C", "c").function("D", "d", "A").build();
            Scenario s = Scenario.submitted(def).given(completed("wf/2", 1, "rc"));

            Decision d = s.apply(failed("wf/0", 1, FATAL));

            String reason = "task 'A' failed: bad input";
            assertThat(d.events()).containsExactly(new TaskFailed("wf/0", 1, FATAL),
                    new TaskCancelled("wf/1", 1, reason),
                    new TaskSkipped("wf/3", reason),
                    new WorkflowFailed(reason, 1, 1, Map.of("C", TextNode.valueOf("rc")), Map.of("A", "bad input")));
            assertThat(d.timers()).containsExactly(new TimerChange.Cancel("wf", taskTimeout("wf/1", 1)),
                    new TimerChange.Cancel("wf", workflowTimeout()));
        }

        @Test
        void continueSkipsOnlyTheTransitiveDependentsAndGoesOn() {
            WorkflowDefinition def = Workflows.workflow("wf").errorStrategy(ErrorStrategy.CONTINUE)
                    .function("A", "a").function("B", "b", "A").function("C", "c", "B")
                    .function("Other", "o").build();
            Scenario s = Scenario.submitted(def);

            Decision failure = s.apply(failed("wf/0", 1, FATAL));
            Decision last = s.apply(completed("wf/3", 1, "ro"));

            assertThat(failure.events()).containsExactly(new TaskFailed("wf/0", 1, FATAL),
                    new TaskSkipped("wf/1", "dependency 'A' failed"),
                    new TaskSkipped("wf/2", "dependency 'A' failed"));
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.FAILED);
            assertThat(last.events()).last().isEqualTo(new WorkflowFailed("1 of 4 tasks failed", 1, 1,
                    Map.of("Other", TextNode.valueOf("ro")), Map.of("A", "bad input")));
        }

        @Test
        void aRepeatedFailureReportChangesNothing() {
            Scenario s = Scenario.submitted(retried).given(failed("wf/0", 1, RETRYABLE));

            Decision d = s.apply(failed("wf/0", 1, RETRYABLE));

            assertThat(d.isEmpty()).isTrue();
            assertThat(d.rule().situation()).isEqualTo(Situation.ATTEMPT_SUPERSEDED);
        }
    }

    @Nested
    class RetryRouting {
        private final WorkflowDefinition retried = Workflows.workflow("wf")
                .function("A", "a", t -> t.retries(2, FIVE_SECONDS)).build();

        @Test
        void aRetryGoesToAnotherServiceThanTheOneItFailedOnWhenOneIsEligible() {
            ServiceCandidate first = ServiceCandidate.newBuilder("svc-a", "fn", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(4).build();
            ServiceCandidate second = ServiceCandidate.newBuilder("svc-b", "fn", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(4).inFlight(1).build();
            Scenario s = Scenario.submitted(retried, RoutingSnapshot.of(first, second));
            assertThat(s.task("wf/0").target().serviceId()).isEqualTo("svc-a");
            s.given(failed("wf/0", 1, RETRYABLE)).advance(FIVE_SECONDS);

            Decision d = s.apply(retryDue("wf/0", 2));

            TaskDispatched retry = dispatchOf(d.events(), "wf/0");
            assertThat(retry.target().serviceId()).as("svc-a is less loaded, but it just failed").isEqualTo("svc-b");
            assertThat(retry.routing().reason()).contains("avoiding svc-a");
        }

        @Test
        void aRetryGoesBackWhenTheServiceItFailedOnIsTheOnlyOne() {
            Scenario s = Scenario.submitted(retried).given(failed("wf/0", 1, RETRYABLE)).advance(FIVE_SECONDS);

            Decision d = s.apply(retryDue("wf/0", 2));

            assertThat(dispatchOf(d.events(), "wf/0").target().serviceId()).isEqualTo("svc-f");
        }

        @Test
        void aRetriedInternalLlmTaskGoesToAnotherEndpoint() {
            WorkflowDefinition def = Workflows.workflow("wf")
                    .text("Ask", "hi", "llama3", t -> t.retries(2, FIVE_SECONDS)).build();
            ServiceCandidate gpus = ServiceCandidate.newBuilder("svc-o", "ollama", "hub-2").serviceType("llm")
                    .taskTypes("llm_generation").providers("internal").maxConcurrent(8)
                    .endpoints(EndpointCandidate.idle("gpu1", 4), EndpointCandidate.idle("gpu2", 4)).build();
            Scenario s = Scenario.submitted(def, RoutingSnapshot.of(gpus));
            assertThat(s.task("wf/0").target().endpointId()).isEqualTo("gpu1");
            s.given(failed("wf/0", 1, RETRYABLE)).advance(FIVE_SECONDS);

            Decision d = s.apply(retryDue("wf/0", 2));

            assertThat(dispatchOf(d.events(), "wf/0").target().endpointId()).isEqualTo("gpu2");
        }

        @Test
        void aRetryAvoidsTheEndpointTheAttemptFailedOverToAndFailedOn() {
            WorkflowDefinition def = Workflows.workflow("wf")
                    .text("Ask", "hi", "llama3", t -> t.retries(2, FIVE_SECONDS)).build();
            ServiceCandidate gpus = ServiceCandidate.newBuilder("svc-o", "ollama", "hub-2").serviceType("llm")
                    .taskTypes("llm_generation").providers("internal").maxConcurrent(8)
                    .endpoints(EndpointCandidate.idle("gpu1", 4), EndpointCandidate.idle("gpu2", 4)).build();
            Scenario s = Scenario.submitted(def, RoutingSnapshot.of(gpus));
            assertThat(s.task("wf/0").target().endpointId()).isEqualTo("gpu1");
            s.given(new ReportTaskProgress("wf/0", 1, 0, "failing over", "gpu2"), failed("wf/0", 1, RETRYABLE))
                    .advance(FIVE_SECONDS);

            Decision d = s.apply(retryDue("wf/0", 2));

            TaskDispatched retry = dispatchOf(d.events(), "wf/0");
            assertThat(retry.target().endpointId()).as("it last ran, and failed, on gpu2").isEqualTo("gpu1");
            assertThat(retry.routing().reason()).contains("avoiding svc-o/gpu2");
        }
    }

    @Nested
    class FireTimer_ {
        private final WorkflowDefinition timed = Workflows.workflow("wf").timeout(Duration.ofMinutes(10))
                .function("A", "a", t -> t.retries(2, FIVE_SECONDS).timeout(Duration.ofSeconds(30)))
                .function("B", "b", "A").build();

        @Test
        void retryDueMakesTheNextAttemptReadyAndDispatchesIt() {
            Scenario s = Scenario.submitted(timed).given(failed("wf/0", 1, RETRYABLE)).advance(FIVE_SECONDS);

            Decision d = s.apply(retryDue("wf/0", 2));

            assertThat(d.events().get(0)).isEqualTo(new TaskReady("wf/0", 2));
            TaskDispatched second = (TaskDispatched) d.events().get(1);
            assertThat(second.attempt()).isEqualTo(2);
            assertThat(second.deadline()).isEqualTo(s.now().plusSeconds(30));
            assertThat(d.timers()).containsExactly(
                    new TimerChange.Schedule("wf", taskTimeout("wf/0", 2), s.now().plusSeconds(30)));
        }

        @Test
        void retryDueFiredTwiceChangesNothingTheSecondTime() {
            Scenario s = Scenario.submitted(timed).given(failed("wf/0", 1, RETRYABLE), retryDue("wf/0", 2));

            assertThat(s.apply(retryDue("wf/0", 2)).isEmpty()).isTrue();
        }

        @Test
        void taskTimeoutTimesTheAttemptOutAndRetries() {
            Scenario s = Scenario.submitted(timed).advance(Duration.ofSeconds(30));

            Decision d = s.apply(taskTimeout("wf/0", 1));

            assertThat(d.events()).containsExactly(new TaskTimedOut("wf/0", 1, Duration.ofSeconds(30)),
                    new TaskRetryScheduled("wf/0", 2, FIVE_SECONDS, s.now().plus(FIVE_SECONDS)));
            assertThat(s.task("wf/0").lastError().type()).isEqualTo("timeout");
        }

        @Test
        void aTimeoutOfTheLastAttemptEndsTheTask() {
            Scenario s = Scenario.submitted(timed).given(taskTimeout("wf/0", 1), retryDue("wf/0", 2));

            Decision d = s.apply(taskTimeout("wf/0", 2));

            assertThat(d.events()).first().isEqualTo(new TaskTimedOut("wf/0", 2, Duration.ofSeconds(30)));
            assertThat(d.events()).last().isInstanceOf(WorkflowFailed.class);
        }

        @Test
        void aTimeoutOfAnAttemptNoLongerCurrentChangesNothing() {
            Scenario s = Scenario.submitted(timed).given(failed("wf/0", 1, RETRYABLE), retryDue("wf/0", 2));

            assertThat(s.apply(taskTimeout("wf/0", 1)).isEmpty()).isTrue();
        }

        @Test
        void aTimeoutAfterTheCompletionChangesNothing() {
            Scenario s = Scenario.submitted(timed).given(completed("wf/0", 1, "r"));

            assertThat(s.apply(taskTimeout("wf/0", 1)).isEmpty()).isTrue();
        }

        @Test
        void theWorkflowTimeoutCancelsRunningAttemptsSkipsTheRestAndFails() {
            WorkflowDefinition def = Workflows.workflow("wf").timeout(Duration.ofMinutes(10))
                    .function("Running", "a", t -> t.timeout(Duration.ofMinutes(20)))
                    .function("Waiting", "b", t -> t.retries(3, Duration.ofMinutes(1)))
                    .function("Pending", "c", "Running").build();
            Scenario s = Scenario.submitted(def).given(failed("wf/1", 1, RETRYABLE)).advance(Duration.ofMinutes(10));

            Decision d = s.apply(workflowTimeout());

            String reason = "workflow timed out after 600s";
            assertThat(d.events()).containsExactly(new TaskCancelled("wf/0", 1, reason),
                    new TaskSkipped("wf/1", reason), new TaskSkipped("wf/2", reason),
                    new WorkflowFailed(reason, 0, 0, Map.of(), Map.of()));
            assertThat(d.timers()).containsExactly(new TimerChange.Cancel("wf", taskTimeout("wf/0", 1)),
                    new TimerChange.Cancel("wf", retryDue("wf/1", 2)));
        }

        @Test
        void theWorkflowTimeoutAfterTheWorkflowFinishedChangesNothing() {
            Scenario s = Scenario.submitted(timed).given(completed("wf/0", 1, "a"), completed("wf/1", 1, "b"));

            assertThat(s.apply(workflowTimeout()).isEmpty()).isTrue();
        }
    }

    @Nested
    class CancelWorkflow_ {
        @Test
        void everyUnfinishedTaskIsCancelledAndEveryTimerRemoved() {
            WorkflowDefinition def = Workflows.workflow("wf").timeout(Duration.ofHours(1))
                    .function("Running", "a", t -> t.timeout(FIVE_SECONDS))
                    .function("Waiting", "b", t -> t.retries(3, FIVE_SECONDS))
                    .function("Pending", "c", "Running")
                    .function("Done", "d").build();
            Scenario s = Scenario.submitted(def).given(accepted("wf/0", 1), failed("wf/1", 1, RETRYABLE),
                    completed("wf/3", 1, "r"));

            Decision d = s.apply(new CancelWorkflow("no longer needed", "alice"));

            assertThat(d.events()).containsExactly(new TaskCancelled("wf/0", 1, "no longer needed"),
                    new TaskCancelled("wf/1", 0, "no longer needed"),
                    new TaskCancelled("wf/2", 0, "no longer needed"),
                    new WorkflowCancelled("no longer needed", "alice"));
            assertThat(d.timers()).containsExactly(new TimerChange.Cancel("wf", taskTimeout("wf/0", 1)),
                    new TimerChange.Cancel("wf", retryDue("wf/1", 2)),
                    new TimerChange.Cancel("wf", workflowTimeout()));
            assertThat(s.state().status()).isEqualTo(WorkflowStatus.CANCELLED);
        }

        @Test
        void aWaitingWorkflowStopsWaitingWhenCancelled() {
            Scenario s = Scenario.submitted(PIPELINE, RoutingSnapshot.empty());

            assertThat(s.apply(new CancelWorkflow("x", "bob")).readyQueue()).isEqualTo(ReadyQueueChange.NOT_WAITING);
        }

        @Test
        void cancellingAFinishedWorkflowChangesNothing() {
            Scenario s = Scenario.submitted(PIPELINE).given(new CancelWorkflow("x", "bob"));

            assertThat(s.apply(new CancelWorkflow("again", "bob")).isEmpty()).isTrue();
        }

        @Test
        void cancellingAWorkflowThatDoesNotExistChangesNothing() {
            assertThat(Scenario.of("wf").apply(new CancelWorkflow("x", "bob")).isEmpty()).isTrue();
        }
    }

    @Nested
    class ReleaseServiceTasks_ {
        private final WorkflowDefinition def = Workflows.workflow("wf")
                .function("OnLost", "a", t -> t.retries(2, FIVE_SECONDS).timeout(Duration.ofMinutes(1)))
                .text("Elsewhere", "hi", "llama3", t -> { })
                .build();

        @Test
        void attemptsOnTheLostServiceFailAsRetryableAndAreRetried() {
            Scenario s = Scenario.submitted(def);

            Decision d = s.apply(new ReleaseServiceTasks("svc-f", "heartbeat missed"));

            TaskError lost = new TaskError("service lost: heartbeat missed", "service_lost", true);
            assertThat(d.events()).containsExactly(new TaskFailed("wf/0", 1, lost),
                    new TaskRetryScheduled("wf/0", 2, FIVE_SECONDS, Scenario.T0.plus(FIVE_SECONDS)));
            assertThat(d.timers()).containsExactly(new TimerChange.Cancel("wf", taskTimeout("wf/0", 1)),
                    new TimerChange.Schedule("wf", retryDue("wf/0", 2), Scenario.T0.plus(FIVE_SECONDS)));
            assertThat(s.task("wf/1").status()).isEqualTo(TaskStatus.DISPATCHED);
        }

        @Test
        void nothingIsRoutedToTheLostServiceEvenWhenItsSlotsFreeUp() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a", t -> t.retries(2, FIVE_SECONDS))
                    .function("Waiting", "w").build();
            ServiceCandidate oneSlot = ServiceCandidate.newBuilder("svc-f", "fn", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(1).build();
            Scenario s = Scenario.submitted(def, RoutingSnapshot.of(oneSlot))
                    .routing(RoutingSnapshot.of(oneSlot.withOneMoreInFlight()));

            Decision d = s.apply(new ReleaseServiceTasks("svc-f", "gone"));

            assertThat(d.events()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("TaskFailed", "TaskRetryScheduled");
            assertThat(s.task("wf/1").status()).isEqualTo(TaskStatus.READY);
        }

        @Test
        void aRepeatedReleaseDispatchesNothingEvenWhenCapacityAppeared() {
            WorkflowDefinition def = Workflows.workflow("wf").function("A", "a", t -> t.retries(2, FIVE_SECONDS))
                    .function("Waiting", "w").build();
            ServiceCandidate oneSlot = ServiceCandidate.newBuilder("svc-f", "fn", "hub-1")
                    .taskTypes("python_execution").maxConcurrent(1).build();
            Scenario s = Scenario.submitted(def, RoutingSnapshot.of(oneSlot))
                    .given(new ReleaseServiceTasks("svc-f", "gone"))
                    .routing(RoutingSnapshot.of(ServiceCandidate.newBuilder("svc-g", "fn-2", "hub-1")
                            .taskTypes("python_execution").maxConcurrent(4).build()));

            Decision again = s.apply(new ReleaseServiceTasks("svc-f", "gone"));

            assertThat(again.isEmpty()).isTrue();
            assertThat(s.task("wf/1").status()).isEqualTo(TaskStatus.READY);
        }

        @Test
        void releasingTheSameServiceAgainChangesNothing() {
            Scenario s = Scenario.submitted(def).given(new ReleaseServiceTasks("svc-f", "gone"));

            assertThat(s.apply(new ReleaseServiceTasks("svc-f", "gone")).isEmpty()).isTrue();
        }

        @Test
        void aResultFromTheLostAttemptArrivingLaterIsDiscarded() {
            Scenario s = Scenario.submitted(def).given(new ReleaseServiceTasks("svc-f", "gone"));

            assertThat(s.apply(completed("wf/0", 1, "late")).events()).singleElement()
                    .isInstanceOf(TaskResultDiscarded.class);
            assertThat(s.task("wf/0").status()).isEqualTo(TaskStatus.RETRY_WAITING);
        }
    }
}
