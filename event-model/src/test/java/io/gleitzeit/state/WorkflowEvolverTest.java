package io.gleitzeit.state;

import static io.gleitzeit.state.TaskStory.A;
import static io.gleitzeit.state.TaskStory.B;
import static io.gleitzeit.state.TaskStory.BOOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WorkflowEvolverTest {

    @Nested
    class EveryEventType {
        /** For each concrete event type: a history whose last event is of that type. */
        private final Map<Class<?>, Supplier<History>> histories = new LinkedHashMap<>();

        EveryEventType() {
            histories.put(WorkflowSubmitted.class, TaskStory::pending);
            histories.put(TaskReady.class, () -> TaskStory.ready(1));
            histories.put(io.gleitzeit.event.TaskDispatched.class, () -> TaskStory.dispatched(1));
            histories.put(TaskAccepted.class, () -> TaskStory.running(1));
            histories.put(TaskProgressed.class, () -> TaskStory.running(1).then(new TaskProgressed(A, 1, 5, "")));
            histories.put(io.gleitzeit.event.TaskEndpointSwitched.class, () -> TaskStory.running(1)
                    .then(new io.gleitzeit.event.TaskEndpointSwitched(A, 1, null, "gpu2")));
            histories.put(io.gleitzeit.event.TaskCompleted.class, () -> TaskStory.completed(1));
            histories.put(TaskFailed.class, () -> TaskStory.failed(1));
            histories.put(TaskTimedOut.class, () -> TaskStory.running(1)
                    .then(new TaskTimedOut(A, 1, Duration.ofSeconds(1))));
            histories.put(TaskRetryScheduled.class, () -> TaskStory.retryWaiting(1));
            histories.put(TaskCancelled.class, () -> TaskStory.running(1).then(new TaskCancelled(A, 1, "x")));
            histories.put(TaskSkipped.class, () -> TaskStory.pending().then(new TaskSkipped(B, "x")));
            histories.put(io.gleitzeit.event.TaskBatchExpanded.class, BatchStory::expanded);
            histories.put(TaskResultDiscarded.class, () -> TaskStory.running(2)
                    .then(new TaskResultDiscarded(A, 1, "late")));
            histories.put(WorkflowCompleted.class, () -> TaskStory.completed(1)
                    .then(new TaskReady(B, 1), History.dispatched(B, 1), History.completed(B, 1, "r"),
                            new WorkflowCompleted(2, Map.of())));
            histories.put(WorkflowFailed.class, () -> TaskStory.failed(1)
                    .then(new TaskSkipped(B, "x"), new WorkflowFailed("x", 0, 1, Map.of(), Map.of())));
            histories.put(WorkflowCancelled.class, () -> TaskStory.pending()
                    .then(new TaskCancelled(A, 0, "x"), new TaskCancelled(B, 0, "x"), new WorkflowCancelled("x", "y")));
            histories.put(UnknownEvent.class, () -> TaskStory.pending()
                    .then(new UnknownEvent("task.paused", 3, JsonNodeFactory.instance.objectNode())));
        }

        @Test
        void everyPermittedWorkflowEventTypeIsFolded() {
            List<Class<?>> types = concreteTypes(WorkflowEvent.class);
            assertThat(histories.keySet()).as("event types without a fold scenario")
                    .containsExactlyInAnyOrderElementsOf(types);
            for (Class<?> type : types) {
                History h = histories.get(type).get();
                List<EventEnvelope<WorkflowEvent>> events = h.envelopes();
                assertThat(events.get(events.size() - 1).payload()).isInstanceOf(type);
                assertThat(h.state().version()).as(type.getSimpleName()).isEqualTo(events.size());
            }
        }

        private List<Class<?>> concreteTypes(Class<?> sealed) {
            List<Class<?>> out = new ArrayList<>();
            for (Class<?> c : sealed.getPermittedSubclasses()) {
                if (c.isSealed()) {
                    out.addAll(concreteTypes(c));
                } else if (!out.contains(c)) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    @Nested
    class Versions {
        @Test
        void anEventThatSkipsAVersionIsRejected() {
            WorkflowState state = TaskStory.pending().state();
            var envelope = new EventEnvelope<WorkflowEvent>("e3", "wf", 3, History.T0, "c", "wf", "p",
                    new TaskReady(A, 1));
            assertThatThrownBy(() -> WorkflowEvolver.evolve(state, envelope))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("the state is at version 1, so the next event must have version 2")
                    .extracting(e -> ((IllegalTransitionException) e).version()).isEqualTo(3L);
        }

        @Test
        void anEventAppliedTwiceIsRejected() {
            History h = TaskStory.ready(1);
            WorkflowState state = h.state();
            EventEnvelope<WorkflowEvent> last = h.envelopes().get(h.envelopes().size() - 1);
            assertThatThrownBy(() -> WorkflowEvolver.evolve(state, last))
                    .hasMessageContaining("next event must have version 3");
        }

        @Test
        void anEventOfAnotherWorkflowIsRejected() {
            WorkflowState state = TaskStory.pending().state();
            var envelope = new EventEnvelope<WorkflowEvent>("e2", "other", 2, History.T0, "c", "other", "p",
                    new TaskReady(A, 1));
            assertThatThrownBy(() -> WorkflowEvolver.evolve(state, envelope))
                    .hasMessageContaining("belongs to workflow other");
        }

        @Test
        void evolvingAPayloadAsTheNextEventEqualsEvolvingItsEnvelope() {
            History h = TaskStory.ready(1);
            WorkflowState direct = WorkflowEvolver.evolve(h.state(), History.dispatched(A, 1), h.now());
            assertThat(direct).isEqualTo(h.then(History.dispatched(A, 1)).state());
        }
    }

    @Nested
    class DerivedViews {
        private final WorkflowDefinition def = Workflows.workflow("wf")
                .function("low", "f", t -> t.priority(Priority.LOW))
                .function("first", "f")
                .function("urgent", "f", t -> t.priority(Priority.URGENT))
                .function("second", "f")
                .function("join", "f", t -> t.dependsOn("low", "urgent"))
                .build();

        @Test
        void readyTasksAreOrderedByPriorityThenDocumentOrder() {
            WorkflowState s = History.submitted(def).then(new TaskReady("wf/0", 1), new TaskReady("wf/1", 1),
                    new TaskReady("wf/2", 1), new TaskReady("wf/3", 1)).state();
            assertThat(s.readyTasks()).extracting(ReadyTask::taskId).containsExactly("wf/2", "wf/1", "wf/3", "wf/0");
        }

        @Test
        void aDispatchedTaskLeavesTheReadySet() {
            WorkflowState s = History.submitted(def).then(new TaskReady("wf/1", 1), new TaskReady("wf/3", 1),
                    History.dispatched("wf/1", 1)).state();
            assertThat(s.readyTasks()).extracting(ReadyTask::taskId).containsExactly("wf/3");
        }

        @Test
        void dependentsAndDependenciesAreKnownFromSubmission() {
            WorkflowState s = History.submitted(def).state();
            assertThat(s.dependentsOf("wf/0")).containsExactly("wf/4");
            assertThat(s.dependentsOf("wf/2")).containsExactly("wf/4");
            assertThat(s.dependenciesOf("wf/4")).containsExactly("wf/0", "wf/2");
            assertThat(s.dependentsOf("wf/4")).isEmpty();
        }

        @Test
        void resultsAreKeptByTaskName() {
            WorkflowState s = TaskStory.completed(1).state();
            assertThat(s.resultsByName()).containsOnlyKeys("A");
            assertThat(s.resultsByName().get("A").asText()).isEqualTo("done");
            assertThat(s.taskByName("A")).get().extracting(TaskState::taskId).isEqualTo(A);
        }

        @Test
        void countsFollowTerminalOutcomesAndAnUndoneFailureOnRetry() {
            assertThat(TaskStory.failed(1).state().counts()).isEqualTo(new TaskCounts(2, 0, 1, 0, 0));
            assertThat(TaskStory.retryWaiting(1).state().counts()).isEqualTo(new TaskCounts(2, 0, 0, 0, 0));
            WorkflowState s = TaskStory.completed(1).then(new TaskSkipped(B, "x")).state();
            assertThat(s.counts()).isEqualTo(new TaskCounts(2, 1, 0, 1, 0));
            assertThat(s.counts().allTerminal()).isTrue();
        }

        @Test
        void tasksInDocumentOrder() {
            assertThat(History.submitted(def).state().tasksInOrder()).extracting(TaskState::name)
                    .containsExactly("low", "first", "urgent", "second", "join");
        }

        @Test
        void aNewAttemptStartsWithoutTheOldProgress() {
            WorkflowState s = TaskStory.running(1).then(new TaskProgressed(A, 1, 70, "x"), new TaskFailed(A, 1, BOOM),
                    new TaskRetryScheduled(A, 2, Duration.ofSeconds(1), History.T0), new TaskReady(A, 2)).state();
            TaskState a = s.task(A).orElseThrow();
            assertThat(a.progress()).isZero();
            assertThat(a.attempt()).isEqualTo(2);
            assertThat(a.lastError()).isEqualTo(BOOM);
        }
    }

    @Nested
    class LargeWorkflows {
        @Test
        void aTenThousandTaskWorkflowFoldsEveryTaskThroughItsLifecycle() {
            int n = 10_000;
            Workflows.Builder b = Workflows.workflow("big");
            b.function("t0", "f");
            for (int i = 1; i < n; i++) {
                b.function("t" + i, "f", "t" + (i - 1) / 2);
            }
            WorkflowDefinition def = b.build();
            History h = History.submitted(def);
            List<TaskEvent> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = def.taskId(i);
                events.add(new TaskReady(id, 1));
                events.add(History.dispatched(id, 1));
                events.add(new TaskAccepted(id, 1, "svc-1"));
                events.add(History.completed(id, 1, "r" + i));
            }
            h.then(events.toArray(WorkflowEvent[]::new)).then(new WorkflowCompleted(n, Map.of()));

            long start = System.nanoTime();
            WorkflowState s = h.state();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("folded " + h.envelopes().size() + " events of a " + n + "-task workflow in "
                    + millis + " ms");

            assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED);
            assertThat(s.version()).isEqualTo(4L * n + 2);
            assertThat(s.resultsByName()).hasSize(n);
            assertThat(s.dependentsOf(def.taskId(0))).containsExactly(def.taskId(1), def.taskId(2));
            assertThat(Set.copyOf(s.tasks().values()).stream().allMatch(t -> t.status() == TaskStatus.COMPLETED))
                    .isTrue();
        }
    }
}
