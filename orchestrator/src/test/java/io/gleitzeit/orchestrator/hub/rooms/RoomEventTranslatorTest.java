package io.gleitzeit.orchestrator.hub.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.protocol.TaskFailedNotice;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.testing.History;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The translation of commits into room events where the fold decides what a client is told. */
class RoomEventTranslatorTest {
    private static final WorkflowDefinition DEF = Workflows.workflow("wf")
            .function("A", "work", t -> t.retries(3, Duration.ofSeconds(1)))
            .function("B", "work", "A")
            .build();

    /** A history in which the first attempt of A is running. */
    private static History runningA() {
        return History.submitted(DEF).then(new TaskReady("wf/0", 1), History.dispatched("wf/0", 1),
                new TaskAccepted("wf/0", 1, "svc-1"));
    }

    private static RoomEventTranslator.Translation translateLast(History history, int commitSize) {
        List<EventEnvelope<WorkflowEvent>> all = history.envelopes();
        List<EventEnvelope<WorkflowEvent>> commit = all.subList(all.size() - commitSize, all.size());
        WorkflowState before = WorkflowEvolver.fold("wf", all.subList(0, all.size() - commitSize));
        return RoomEventTranslator.translate(before, new Commit(StreamPosition.FIRST, "wf", commit));
    }

    @Test
    void aFailureWithARetryInTheSameCommitIsNoTaskFailedButARetryWaitingStatus() {
        History history = runningA().then(new TaskFailed("wf/0", 1, new TaskError("flaky", "IO", true)),
                new TaskRetryScheduled("wf/0", 2, Duration.ofSeconds(1), History.T0.plusSeconds(1)));

        RoomEventTranslator.Translation t = translateLast(history, 2);

        assertThat(t.events()).extracting(RoomEvent::name).containsExactly("task:status");
        TaskStatusNotice status = (TaskStatusNotice) t.events().get(0).payload();
        assertThat(status.status()).isEqualTo("retry_waiting");
        assertThat(status.taskName()).isEqualTo("A");
        assertThat(status.attempt()).isEqualTo(2);
        assertThat(t.state().version()).isEqualTo(history.envelopes().size());
    }

    @Test
    void aFinalTimeoutIsATaskFailedWithTheTimeoutAsItsErrorAndEndsTheWorkflowWithErrorsByName() {
        History history = runningA().then(new TaskTimedOut("wf/0", 1, Duration.ofSeconds(30)),
                new TaskSkipped("wf/1", "dependency A failed"),
                new WorkflowFailed("task A failed", 0, 1, Map.of(), Map.of("A", "timed out")));

        RoomEventTranslator.Translation t = translateLast(history, 3);

        assertThat(t.events()).extracting(RoomEvent::name).containsExactly("task:status", "task:failed",
                "task:status", "workflow:completed");
        TaskFailedNotice failed = (TaskFailedNotice) t.events().get(1).payload();
        assertThat(failed.taskName()).isEqualTo("A");
        assertThat(failed.error()).isEqualTo("attempt 1 timed out after 30s");
        WorkflowCompletedNotice done = (WorkflowCompletedNotice) t.events().get(3).payload();
        assertThat(done.status()).isEqualTo("failed");
        assertThat(done.failedTasks()).isEqualTo(1);
        assertThat(done.errors()).containsExactly(Map.entry("A", failed.error()));
        assertThat(done.results()).isEmpty();
    }
}
