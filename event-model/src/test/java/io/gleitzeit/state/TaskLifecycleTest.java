package io.gleitzeit.state;

import static io.gleitzeit.state.TaskStory.A;
import static io.gleitzeit.state.TaskStory.BOOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.state.testing.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every entry of the task lifecycle table, exercised through the fold. */
class TaskLifecycleTest {
    private static final Set<Transition<TaskStatus>> EXERCISED = new LinkedHashSet<>();

    @AfterAll
    static void everyTransitionOfTheTableIsExercised() {
        List<Transition<TaskStatus>> missing = new ArrayList<>(TaskLifecycle.transitions());
        missing.removeAll(EXERCISED);
        assertThat(missing).as("task transitions no test exercised").isEmpty();
    }

    /** Applies {@code event} to the story's task A, recording the table entry it takes. */
    private static TaskState apply(History given, TaskEvent event) {
        TaskState before = given.state().task(event.taskId()).orElseThrow();
        TaskLifecycle.transition(before.status(), event).ifPresent(EXERCISED::add);
        return given.then(event).state().task(event.taskId()).orElseThrow();
    }

    @Nested
    class FromPending {
        @Test
        void readyStartsTheFirstAttempt() {
            TaskState a = apply(TaskStory.pending(), new TaskReady(A, 1));
            assertThat(a.status()).isEqualTo(TaskStatus.READY);
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.readyAt()).isEqualTo(History.T0);
        }

        @Test
        void skippedEndsTheTask() {
            assertThat(apply(TaskStory.pending(), new TaskSkipped(A, "dependency failed")).status())
                    .isEqualTo(TaskStatus.SKIPPED);
        }

        @Test
        void cancelledEndsTheTaskWithoutAnAttempt() {
            assertThat(apply(TaskStory.pending(), new TaskCancelled(A, 0, "by user")).status())
                    .isEqualTo(TaskStatus.CANCELLED);
        }
    }

    @Nested
    class FromReady {
        @Test
        void dispatchedRecordsTheTargetAndCountsTheAttempt() {
            TaskState a = apply(TaskStory.ready(1), History.dispatched(A, 1));
            assertThat(a.status()).isEqualTo(TaskStatus.DISPATCHED);
            assertThat(a.target()).isEqualTo(History.TARGET);
            assertThat(a.attemptsMade()).isEqualTo(1);
        }

        @Test
        void failedBeforeDispatchWhenParametersCannotBeResolved() {
            TaskError error = new TaskError("no result", "reference", false);
            TaskState a = apply(TaskStory.ready(1), new TaskFailed(A, 1, error));
            assertThat(a.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(a.lastError()).isEqualTo(error);
            assertThat(a.attemptsMade()).isZero();
        }

        @Test
        void skippedEndsTheTask() {
            assertThat(apply(TaskStory.ready(1), new TaskSkipped(A, "workflow stopped")).status())
                    .isEqualTo(TaskStatus.SKIPPED);
        }

        @Test
        void cancelledEndsTheTask() {
            assertThat(apply(TaskStory.ready(1), new TaskCancelled(A, 0, "by user")).status())
                    .isEqualTo(TaskStatus.CANCELLED);
        }

        @Test
        void aLateResultOfAnEarlierAttemptIsDiscardedWithoutChangingTheStatus() {
            TaskState a = apply(TaskStory.ready(2), new TaskResultDiscarded(A, 1, "attempt 2 is current"));
            assertThat(a.status()).isEqualTo(TaskStatus.READY);
            assertThat(a.hasDiscarded(1)).isTrue();
        }
    }

    @Nested
    class FromDispatched {
        @Test
        void acceptedMeansRunning() {
            TaskState a = apply(TaskStory.dispatched(1), new TaskAccepted(A, 1, "svc-1"));
            assertThat(a.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(a.acceptedAt()).isEqualTo(History.T0);
        }

        @Test
        void progressImpliesAcceptance() {
            TaskState a = apply(TaskStory.dispatched(1), new TaskProgressed(A, 1, 40, "reading"));
            assertThat(a.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(a.acceptedAt()).isEqualTo(History.T0);
            assertThat(a.progress()).isEqualTo(40);
            assertThat(a.progressMessage()).isEqualTo("reading");
        }

        @Test
        void aSwitchToAnotherEndpointImpliesAcceptanceAndMovesTheTarget() {
            TaskState a = apply(TaskStory.dispatched(1), new TaskEndpointSwitched(A, 1, null, "gpu2"));
            assertThat(a.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(a.acceptedAt()).isEqualTo(History.T0);
            assertThat(a.target()).isEqualTo(new DispatchTarget(History.TARGET.serviceId(),
                    History.TARGET.serviceName(), History.TARGET.hubId(), "gpu2"));
        }

        @Test
        void completedKeepsTheResult() {
            TaskState a = apply(TaskStory.dispatched(1), History.completed(A, 1, "42"));
            assertThat(a.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(a.result().asText()).isEqualTo("42");
        }

        @Test
        void failedKeepsTheError() {
            TaskState a = apply(TaskStory.dispatched(1), new TaskFailed(A, 1, BOOM));
            assertThat(a.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(a.lastError()).isEqualTo(BOOM);
        }

        @Test
        void timedOutIsARetryableFailure() {
            TaskState a = apply(TaskStory.dispatched(1), new TaskTimedOut(A, 1, Duration.ofSeconds(30)));
            assertThat(a.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(a.lastError()).isEqualTo(new TaskError("attempt 1 timed out after 30s", "timeout", true));
        }

        @Test
        void cancelledNamesTheAttemptInFlight() {
            assertThat(apply(TaskStory.dispatched(1), new TaskCancelled(A, 1, "by user")).status())
                    .isEqualTo(TaskStatus.CANCELLED);
        }

        @Test
        void aLateResultOfAnEarlierAttemptIsDiscarded() {
            TaskState a = apply(TaskStory.dispatched(2), new TaskResultDiscarded(A, 1, "attempt 2 is current"));
            assertThat(a.status()).isEqualTo(TaskStatus.DISPATCHED);
            assertThat(a.hasDiscarded(1)).isTrue();
        }
    }

    @Nested
    class FromRunning {
        @Test
        void progressUpdatesTheFigures() {
            TaskState a = apply(TaskStory.running(1), new TaskProgressed(A, 1, 80, "almost"));
            assertThat(a.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(a.progress()).isEqualTo(80);
        }

        @Test
        void aSwitchToAnotherEndpointMovesTheTargetAndKeepsTheAttempt() {
            TaskState a = apply(TaskStory.running(1).then(new TaskEndpointSwitched(A, 1, null, "gpu1")),
                    new TaskEndpointSwitched(A, 1, "gpu1", "gpu3"));
            assertThat(a.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.attemptsMade()).isEqualTo(1);
            assertThat(a.target().endpointId()).isEqualTo("gpu3");
        }

        @Test
        void aSwitchOfAnotherAttemptIsRefused() {
            assertThatThrownBy(() -> TaskStory.running(2).then(new TaskEndpointSwitched(A, 1, null, "gpu2")).state())
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("wrong attempt");
        }

        @Test
        void completedKeepsTheResult() {
            assertThat(apply(TaskStory.running(1), History.completed(A, 1, "ok")).status())
                    .isEqualTo(TaskStatus.COMPLETED);
        }

        @Test
        void failedKeepsTheError() {
            assertThat(apply(TaskStory.running(1), new TaskFailed(A, 1, BOOM)).status())
                    .isEqualTo(TaskStatus.FAILED);
        }

        @Test
        void timedOutIsAFailure() {
            assertThat(apply(TaskStory.running(1), new TaskTimedOut(A, 1, Duration.ofMillis(1500))).lastError()
                    .message()).isEqualTo("attempt 1 timed out after 1500ms");
        }

        @Test
        void cancelledNamesTheAttemptInFlight() {
            assertThat(apply(TaskStory.running(1), new TaskCancelled(A, 1, "by user")).status())
                    .isEqualTo(TaskStatus.CANCELLED);
        }

        @Test
        void aLateResultOfAnEarlierAttemptIsDiscarded() {
            assertThat(apply(TaskStory.running(2), new TaskResultDiscarded(A, 1, "late")).status())
                    .isEqualTo(TaskStatus.RUNNING);
        }
    }

    @Nested
    class FromFailed {
        @Test
        void retryScheduledInTheSameCommitWaitsForTheNextAttempt() {
            TaskState a = apply(TaskStory.failed(1),
                    new TaskRetryScheduled(A, 2, Duration.ofSeconds(1), History.T0.plusSeconds(1)));
            assertThat(a.status()).isEqualTo(TaskStatus.RETRY_WAITING);
            assertThat(a.attempt()).isEqualTo(2);
            assertThat(a.finishedAt()).isNull();
        }

        @Test
        void aLateResultOfAnEarlierAttemptIsDiscarded() {
            assertThat(apply(TaskStory.failed(2), new TaskResultDiscarded(A, 1, "late")).status())
                    .isEqualTo(TaskStatus.FAILED);
        }
    }

    @Nested
    class FromRetryWaiting {
        @Test
        void readyStartsTheNextAttempt() {
            TaskState a = apply(TaskStory.retryWaiting(1), new TaskReady(A, 2));
            assertThat(a.status()).isEqualTo(TaskStatus.READY);
            assertThat(a.attempt()).isEqualTo(2);
        }

        @Test
        void skippedWhenTheWorkflowStops() {
            assertThat(apply(TaskStory.retryWaiting(1), new TaskSkipped(A, "workflow timed out")).status())
                    .isEqualTo(TaskStatus.SKIPPED);
        }

        @Test
        void cancelledWithoutAnAttemptInFlight() {
            assertThat(apply(TaskStory.retryWaiting(1), new TaskCancelled(A, 0, "by user")).status())
                    .isEqualTo(TaskStatus.CANCELLED);
        }

        @Test
        void aLateResultOfTheFailedAttemptIsDiscarded() {
            assertThat(apply(TaskStory.retryWaiting(1), new TaskResultDiscarded(A, 1, "late")).status())
                    .isEqualTo(TaskStatus.RETRY_WAITING);
        }
    }

    @Nested
    class FromCompleted {
        @Test
        void aLateResultOfAnEarlierAttemptChangesNeitherStatusNorResult() {
            TaskState a = apply(TaskStory.completed(2), new TaskResultDiscarded(A, 1, "late"));
            assertThat(a.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(a.result().asText()).isEqualTo("done");
        }
    }

    @Nested
    class Rejected {
        @Test
        void anEventOutsideTheTableNamesStateEventAndVersion() {
            History given = TaskStory.pending();
            assertThatThrownBy(() -> given.then(History.completed(A, 1, "x")).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("version 2")
                    .hasMessageContaining("TaskCompleted")
                    .hasMessageContaining("PENDING");
        }

        @Test
        void nothingHappensToATerminalTask() {
            History given = TaskStory.completed(1);
            assertThatThrownBy(() -> given.then(new TaskFailed(A, 1, BOOM)).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("COMPLETED");
        }

        @Test
        void anEventForAnotherAttemptThanTheCurrentOne() {
            History given = TaskStory.dispatched(2);
            assertThatThrownBy(() -> given.then(History.completed(A, 1, "late")).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("wrong attempt, expected 2");
        }

        @Test
        void aRetryThatSkipsAnAttempt() {
            History given = TaskStory.failed(1);
            assertThatThrownBy(() -> given.then(
                    new TaskRetryScheduled(A, 3, Duration.ZERO, History.T0)).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("expected 2");
        }

        @Test
        void discardingTheCurrentAttempt() {
            History given = TaskStory.running(2);
            assertThatThrownBy(() -> given.then(new TaskResultDiscarded(A, 2, "?")).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("not stale");
        }

        @Test
        void discardingTheSameAttemptTwice() {
            History given = TaskStory.running(2).then(new TaskResultDiscarded(A, 1, "late"));
            assertThatThrownBy(() -> given.then(new TaskResultDiscarded(A, 1, "late")).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("second time");
        }

        @Test
        void aTaskTheWorkflowDoesNotHave() {
            History given = TaskStory.pending();
            assertThatThrownBy(() -> given.then(new TaskReady("wf/9", 1)).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("wf/9");
        }

        @Test
        void cancellingARunningAttemptWithoutNamingIt() {
            History given = TaskStory.running(1);
            assertThatThrownBy(() -> given.then(new TaskCancelled(A, 0, "by user")).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("expected 1");
        }
    }

    @Nested
    class Batches {
        @Test
        void aReadyBatchTaskExpandsIntoPendingUnits() {
            TaskState each = apply(BatchStory.ready(), new TaskBatchExpanded(BatchStory.EACH, 1, 3));
            assertThat(each.status()).isEqualTo(TaskStatus.BATCH_RUNNING);
        }

        @Test
        void completedOnceEveryUnitEnded() {
            TaskState each = apply(BatchStory.allUnitsCompleted(),
                    History.completed(BatchStory.EACH, 1, JsonNodeFactory.instance.arrayNode().add(1).add(4).add(9)));
            assertThat(each.status()).isEqualTo(TaskStatus.COMPLETED);
        }

        @Test
        void failedOnceEveryUnitEnded() {
            History given = BatchStory.twoRunning().then(new TaskFailed(BatchStory.unit(0), 1, BOOM),
                    new TaskCancelled(BatchStory.unit(1), 1, "batch failed"),
                    new TaskSkipped(BatchStory.unit(2), "batch failed"));
            TaskState each = apply(given, new TaskFailed(BatchStory.EACH, 1, BOOM));
            assertThat(each.status()).isEqualTo(TaskStatus.FAILED);
        }

        @Test
        void cancelledWithoutAnAttemptOnceEveryUnitEnded() {
            History given = BatchStory.expanded().then(new TaskCancelled(BatchStory.unit(0), 0, "x"),
                    new TaskCancelled(BatchStory.unit(1), 0, "x"), new TaskCancelled(BatchStory.unit(2), 0, "x"));
            TaskState each = apply(given, new TaskCancelled(BatchStory.EACH, 0, "by user"));
            assertThat(each.status()).isEqualTo(TaskStatus.CANCELLED);
        }
    }
}
