package io.gleitzeit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.state.testing.History;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every entry of the workflow lifecycle table, exercised through the fold. */
class WorkflowLifecycleTest {
    private static final Set<Transition<WorkflowStatus>> EXERCISED = new LinkedHashSet<>();
    private static final WorkflowDefinition ONE_TASK = Workflows.workflow("wf").function("A", "extract").build();
    private static final String A = "wf/0";
    private static final UnknownEvent FROM_THE_FUTURE =
            new UnknownEvent("workflow.paused", 1, JsonNodeFactory.instance.objectNode());

    @AfterAll
    static void everyTransitionOfTheTableIsExercised() {
        List<Transition<WorkflowStatus>> missing = new ArrayList<>(WorkflowLifecycle.transitions());
        missing.removeAll(EXERCISED);
        assertThat(missing).as("workflow transitions no test exercised").isEmpty();
    }

    private static WorkflowState apply(History given, WorkflowEvent event) {
        WorkflowLifecycle.transition(given.state().status(), event).ifPresent(EXERCISED::add);
        return given.then(event).state();
    }

    private static History submitted() {
        return History.submitted(ONE_TASK);
    }

    private static History allTasksCompleted() {
        return submitted().then(new TaskReady(A, 1), History.dispatched(A, 1), History.completed(A, 1, "r"));
    }

    private static History taskFailed() {
        return submitted().then(new TaskReady(A, 1), History.dispatched(A, 1),
                new TaskFailed(A, 1, new TaskError("boom", null, false)));
    }

    @Nested
    class Submission {
        @Test
        void submittedWorkflowRunsWithEveryTaskPending() {
            WorkflowState s = apply(History.of("wf"), new WorkflowSubmitted(ONE_TASK, "alice"));
            assertThat(s.status()).isEqualTo(WorkflowStatus.RUNNING);
            assertThat(s.version()).isEqualTo(1);
            assertThat(s.submittedBy()).isEqualTo("alice");
            assertThat(s.submittedAt()).isEqualTo(History.T0);
            assertThat(s.task(A)).get().extracting(TaskState::status).isEqualTo(TaskStatus.PENDING);
        }

        @Test
        void taskEventsKeepTheWorkflowRunning() {
            WorkflowState s = apply(submitted(), new TaskReady(A, 1));
            assertThat(s.status()).isEqualTo(WorkflowStatus.RUNNING);
        }
    }

    @Nested
    class Finishing {
        @Test
        void completedWhenEveryTaskCompleted() {
            History given = allTasksCompleted().advance(Duration.ofSeconds(5));
            WorkflowState s = apply(given, new WorkflowCompleted(1, Map.of()));
            assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED);
            assertThat(s.finishedAt()).isEqualTo(History.T0.plusSeconds(5));
        }

        @Test
        void failedKeepsTheReason() {
            WorkflowState s = apply(taskFailed(), new WorkflowFailed("task 'A' failed: boom", 0, 1, Map.of(), Map.of()));
            assertThat(s.status()).isEqualTo(WorkflowStatus.FAILED);
            assertThat(s.statusReason()).isEqualTo("task 'A' failed: boom");
        }

        @Test
        void cancelledAfterEveryTaskWasCancelled() {
            WorkflowState s = apply(submitted().then(new TaskCancelled(A, 0, "by user")),
                    new WorkflowCancelled("by user", "alice"));
            assertThat(s.status()).isEqualTo(WorkflowStatus.CANCELLED);
            assertThat(s.statusReason()).isEqualTo("by user");
        }
    }

    @Nested
    class UnknownEvents {
        @Test
        void changeOnlyTheVersionBeforeSubmission() {
            WorkflowState s = apply(History.of("wf"), FROM_THE_FUTURE);
            assertThat(s.version()).isEqualTo(1);
            assertThat(s.status()).isEqualTo(WorkflowStatus.NOT_SUBMITTED);
        }

        @Test
        void changeOnlyTheVersionWhileRunning() {
            WorkflowState before = submitted().state();
            WorkflowState after = apply(submitted(), FROM_THE_FUTURE);
            assertThat(after.version()).isEqualTo(2);
            assertThat(after.tasks()).isEqualTo(before.tasks());
        }

        @Test
        void areAcceptedAfterCompletion() {
            History given = allTasksCompleted().then(new WorkflowCompleted(1, Map.of()));
            assertThat(apply(given, FROM_THE_FUTURE).status()).isEqualTo(WorkflowStatus.COMPLETED);
        }

        @Test
        void areAcceptedAfterFailure() {
            History given = taskFailed().then(new WorkflowFailed("x", 0, 1, Map.of(), Map.of()));
            assertThat(apply(given, FROM_THE_FUTURE).status()).isEqualTo(WorkflowStatus.FAILED);
        }

        @Test
        void areAcceptedAfterCancellation() {
            History given = submitted().then(new TaskCancelled(A, 0, "x"), new WorkflowCancelled("x", "bob"));
            assertThat(apply(given, FROM_THE_FUTURE).status()).isEqualTo(WorkflowStatus.CANCELLED);
        }
    }

    @Nested
    class Rejected {
        @Test
        void aSecondSubmission() {
            History given = submitted().then(new WorkflowSubmitted(ONE_TASK, "again"));
            assertThatThrownBy(given::state)
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("WorkflowSubmitted cannot happen to a workflow that is RUNNING")
                    .hasMessageContaining("version 2");
        }

        @Test
        void aTaskEventBeforeSubmission() {
            History given = History.of("wf").then(new TaskReady(A, 1));
            assertThatThrownBy(given::state).hasMessageContaining("NOT_SUBMITTED");
        }

        @Test
        void anyWorkflowEventAfterATerminalOne() {
            History given = allTasksCompleted().then(new WorkflowCompleted(1, Map.of()),
                    new WorkflowCancelled("late", "bob"));
            assertThatThrownBy(given::state).isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("COMPLETED");
        }

        @Test
        void completionWhileTasksAreUnfinished() {
            History given = submitted().then(new WorkflowCompleted(0, Map.of()));
            assertThatThrownBy(given::state).hasMessageContaining("1 tasks have not finished");
        }

        @Test
        void completionWhenATaskFailed() {
            History given = taskFailed().then(new WorkflowCompleted(0, Map.of()));
            assertThatThrownBy(given::state).hasMessageContaining("only 0 of 1 tasks completed");
        }

        @Test
        void aDefinitionOfAnotherWorkflow() {
            History given = History.of("other").then(new WorkflowSubmitted(ONE_TASK, "x"));
            assertThatThrownBy(given::state).hasMessageContaining("definition of workflow wf");
        }
    }
}
