package io.gleitzeit.orchestrator.decider;

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

import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.DispatchReadyTasks;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the {@link DecisionTable} reached through a real workflow state: each (command kind, situation)
 * pair is set up by folding events, decided, checked to land in the intended cell, and checked to behave like its
 * action. A rule that no case reaches fails the class.
 */
class DecisionTableTest {
    private static final Set<Rule> EXERCISED = new LinkedHashSet<>();

    /** A: retried and timed; B: after A; C: independent, waits for capacity at first. */
    private static final WorkflowDefinition WORKFLOW = Workflows.workflow("wf")
            .function("A", "a", t -> t.retries(3, Duration.ofSeconds(5)).timeout(Duration.ofSeconds(30)))
            .function("B", "b", "A")
            .function("C", "c")
            .build();
    private static final String A = "wf/0";
    private static final ServiceCandidate ONE_SLOT = ServiceCandidate.newBuilder("svc-f", "fn", "hub-1")
            .taskTypes("python_execution").maxConcurrent(1).build();
    private static final ServiceCandidate ONE_MORE_SLOT = ServiceCandidate.newBuilder("svc-f", "fn", "hub-1")
            .taskTypes("python_execution").maxConcurrent(2).inFlight(1).build();

    /** The first event each action yields. */
    private static final Map<Action, Class<?>> FIRST_EVENT = new EnumMap<>(Map.ofEntries(
            Map.entry(Action.START_WORKFLOW, WorkflowSubmitted.class),
            Map.entry(Action.CANCEL, TaskCancelled.class),
            Map.entry(Action.TIME_OUT_WORKFLOW, TaskCancelled.class),
            Map.entry(Action.DISPATCH, TaskDispatched.class),
            Map.entry(Action.RELEASE_SERVICE, TaskFailed.class),
            Map.entry(Action.ACCEPT, TaskAccepted.class),
            Map.entry(Action.RECORD_PROGRESS, TaskProgressed.class),
            Map.entry(Action.COMPLETE, TaskCompleted.class),
            Map.entry(Action.FAIL, TaskFailed.class),
            Map.entry(Action.DISCARD_LATE_RESULT, TaskResultDiscarded.class),
            Map.entry(Action.MAKE_RETRY_READY, TaskReady.class),
            Map.entry(Action.TIME_OUT_TASK, TaskTimedOut.class)));

    @AfterAll
    static void everyRuleOfTheTableIsExercised() {
        List<Rule> missing = new ArrayList<>(DecisionTable.rules());
        missing.removeAll(EXERCISED);
        assertThat(missing).as("decision rules no test exercised").isEmpty();
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (CommandKind kind : CommandKind.values()) {
            for (Situation situation : DecisionTable.situationsOf(kind)) {
                out.add(Arguments.of(kind, situation));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cells")
    void eachCellIsReachableAndBehavesLikeItsAction(CommandKind kind, Situation situation) {
        Given given = given(situation);

        Decision d = given.scenario.apply(command(kind, given.taskId, given.attempt));
        EXERCISED.add(d.rule());

        assertThat(d.rule()).isEqualTo(DecisionTable.ruleFor(kind, situation));
        if (d.rule().action() == Action.IGNORE) {
            assertThat(d.events()).isEmpty();
            assertThat(d.timers()).isEmpty();
            assertThat(d.readyQueue()).isEqualTo(ReadyQueueChange.UNCHANGED);
            assertThat(d.state()).isSameAs(given.before);
        } else {
            assertThat(d.events()).as(d.rule().toString()).isNotEmpty();
            assertThat(d.events().get(0)).isInstanceOf(FIRST_EVENT.get(d.rule().action()));
        }
    }

    @Test
    void everyActionOtherThanIgnoreHasAnExpectedFirstEvent() {
        assertThat(FIRST_EVENT.keySet()).containsExactlyInAnyOrder(
                Stream.of(Action.values()).filter(a -> a != Action.IGNORE).toArray(Action[]::new));
    }

    @Test
    void aCellOutsideAKindsSituationsIsAnError() {
        assertThatThrownBy(() -> DecisionTable.ruleFor(CommandKind.SUBMIT_WORKFLOW, Situation.ATTEMPT_RUNNING))
                .hasMessageContaining("SUBMIT_WORKFLOW never meets ATTEMPT_RUNNING");
    }

    /** A scenario in the situation, and the attempt an attempt-scoped command names in it. */
    private record Given(Scenario scenario, String taskId, int attempt, WorkflowState before) {
        Given(Scenario scenario, int attempt) {
            this(scenario, A, attempt, scenario.state());
        }

        Given(Scenario scenario, String taskId) {
            this(scenario, taskId, 1, scenario.state());
        }
    }

    private static Scenario running() {
        return Scenario.submitted(WORKFLOW, RoutingSnapshot.of(ONE_SLOT)).routing(RoutingSnapshot.of(ONE_MORE_SLOT));
    }

    private static Given given(Situation situation) {
        switch (situation) {
            case WORKFLOW_NOT_SUBMITTED:
                return new Given(Scenario.of("wf").routing(RoutingSnapshot.of(ONE_SLOT)), 1);
            case WORKFLOW_RUNNING:
            case ATTEMPT_DISPATCHED:
                return new Given(running(), 1);
            case WORKFLOW_FINISHED:
                return new Given(running().given(new CancelWorkflow("x", "y")), 1);
            case UNKNOWN_TASK:
                return new Given(running(), "wf/9");
            case ATTEMPT_NOT_DISPATCHED:
                return new Given(Scenario.submitted(WORKFLOW, RoutingSnapshot.empty()), 1);
            case ATTEMPT_AWAITING_RETRY:
                return new Given(running().given(failed(A, 1, RETRYABLE)), 2);
            case ATTEMPT_RUNNING:
                return new Given(running().given(accepted(A, 1)), 1);
            case ATTEMPT_ENDED:
                return new Given(running().given(completed(A, 1, "r")), 1);
            case ATTEMPT_SUPERSEDED:
                return new Given(running().given(failed(A, 1, RETRYABLE)), 1);
            case ATTEMPT_SUPERSEDED_RECORDED:
                return new Given(running().given(failed(A, 1, RETRYABLE), completed(A, 1, "late")), 1);
            default:
                throw new IllegalArgumentException("no fixture for " + situation);
        }
    }

    private static WorkflowCommand command(CommandKind kind, String task, int attempt) {
        switch (kind) {
            case SUBMIT_WORKFLOW:
                return new SubmitWorkflow(WORKFLOW, "tester");
            case CANCEL_WORKFLOW:
                return new CancelWorkflow("x", "y");
            case WORKFLOW_TIMEOUT:
                return workflowTimeout();
            case DISPATCH_READY_TASKS:
                return new DispatchReadyTasks("capacity");
            case RELEASE_SERVICE_TASKS:
                return new ReleaseServiceTasks("svc-f", "gone");
            case TASK_ACCEPTED:
                return accepted(task, attempt);
            case TASK_PROGRESS:
                return progress(task, attempt, 50, "half");
            case TASK_COMPLETED:
                return completed(task, attempt, "r");
            case TASK_FAILED:
                return failed(task, attempt, RETRYABLE);
            case RETRY_DUE:
                return retryDue(task, attempt);
            case TASK_TIMEOUT:
                return taskTimeout(task, attempt);
            default:
                throw new IllegalArgumentException("no command for " + kind);
        }
    }
}
