package io.gleitzeit.state;

import static io.gleitzeit.state.BatchStory.EACH;
import static io.gleitzeit.state.BatchStory.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.state.testing.History;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How the fold keeps a batch task's units and their progress. */
class BatchFoldTest {
    private static final TaskError BOOM = new TaskError("boom", "RuntimeError", true);

    @Nested
    class Expansion {
        @Test
        void createsOnePendingUnitPerElementOutsideTheDocumentsTasks() {
            WorkflowState s = BatchStory.expanded().state();
            assertThat(s.unitsOf(EACH)).extracting(TaskState::taskId)
                    .containsExactly("bw/0[0]", "bw/0[1]", "bw/0[2]");
            assertThat(s.unitsOf(EACH)).extracting(TaskState::name).containsExactly("Each[0]", "Each[1]", "Each[2]");
            assertThat(s.unitsOf(EACH)).allMatch(u -> u.status() == TaskStatus.PENDING);
            assertThat(s.tasks()).hasSize(2);
            assertThat(s.isUnit(unit(1))).isTrue();
            assertThat(s.batch(EACH)).contains(new BatchProgress(EACH, 3, 0, 0));
            assertThat(s.readyTasks()).isEmpty();
        }

        @Test
        void anEmptyListHasNoUnits() {
            WorkflowState s = BatchStory.ready().then(new TaskBatchExpanded(EACH, 1, 0)).state();
            assertThat(s.unitsOf(EACH)).isEmpty();
            assertThat(s.batch(EACH).orElseThrow().allEnded()).isTrue();
        }

        @Test
        void aTaskThatIsNoBatchCannotExpand() {
            History given = TaskStory.ready(1);
            assertThatThrownBy(() -> given.then(new TaskBatchExpanded(TaskStory.A, 1, 2)).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("not a batch");
        }
    }

    @Nested
    class Units {
        @Test
        void readyUnitsWaitInItemOrderAndCountAsReleased() {
            WorkflowState s = BatchStory.expanded().then(new TaskReady(unit(1), 1), new TaskReady(unit(0), 1)).state();
            assertThat(s.readyTasks()).extracting(ReadyTask::taskId).containsExactly(unit(0), unit(1));
            assertThat(s.batch(EACH).orElseThrow().unfinished()).isEqualTo(2);
        }

        @Test
        void aRetriedFailureDoesNotEndTheUnit() {
            WorkflowState s = BatchStory.twoRunning().then(new TaskFailed(unit(0), 1, BOOM),
                    new TaskRetryScheduled(unit(0), 2, Duration.ofSeconds(1), History.T0.plusSeconds(1))).state();
            assertThat(s.batch(EACH)).contains(new BatchProgress(EACH, 3, 2, 0));
            assertThat(s.task(unit(0)).orElseThrow().status()).isEqualTo(TaskStatus.RETRY_WAITING);
        }

        @Test
        void unitResultsStayOutOfTheResultsByNameAndTheTaskCounts() {
            WorkflowState s = BatchStory.allUnitsCompleted().state();
            assertThat(s.batch(EACH)).contains(new BatchProgress(EACH, 3, 3, 3));
            assertThat(s.resultsByName()).isEmpty();
            assertThat(s.counts()).isEqualTo(TaskCounts.of(2));
            assertThat(s.task(unit(2)).orElseThrow().result().asText()).isEqualTo("9");
        }

        @Test
        void theBatchResultIsItsTasksResult() {
            var list = JsonNodeFactory.instance.arrayNode().add(1).add(4).add(9);
            WorkflowState s = BatchStory.allUnitsCompleted().then(History.completed(EACH, 1, list)).state();
            assertThat(s.resultsByName()).containsEntry("Each", list);
            assertThat(s.counts().completed()).isEqualTo(1);
        }

        @Test
        void aLateResultOfAUnitIsRecordedAfterItsBatchEnded() {
            History given = BatchStory.twoRunning().then(new TaskFailed(unit(0), 1, BOOM),
                    new TaskRetryScheduled(unit(0), 2, Duration.ofSeconds(1), History.T0.plusSeconds(1)),
                    new TaskReady(unit(0), 2), History.dispatched(unit(0), 2), History.completed(unit(0), 2, "1"),
                    History.completed(unit(1), 1, "4"), new TaskReady(unit(2), 1), History.dispatched(unit(2), 1),
                    History.completed(unit(2), 1, "9"),
                    History.completed(EACH, 1, JsonNodeFactory.instance.arrayNode()));
            WorkflowState s = given.then(new TaskResultDiscarded(unit(0), 1, "late")).state();
            assertThat(s.task(unit(0)).orElseThrow().hasDiscarded(1)).isTrue();
        }
    }

    @Nested
    class Refused {
        @Test
        void theBatchCannotEndBeforeItsUnits() {
            History given = BatchStory.twoRunning();
            assertThatThrownBy(() -> given.then(new TaskCompleted(EACH, 1, JsonNodeFactory.instance.arrayNode(),
                    null, null, null, null)).state())
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("some of its units have not ended");
        }

        @Test
        void aUnitCannotChangeAfterItsBatchEnded() {
            History given = BatchStory.allUnitsCompleted()
                    .then(History.completed(EACH, 1, JsonNodeFactory.instance.arrayNode()));
            assertThatThrownBy(() -> given.then(new TaskReady(unit(0), 1)).state())
                    .isInstanceOf(IllegalTransitionException.class);
        }
    }
}
