package io.gleitzeit.orchestrator.hub.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.Commit;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.TaskFailedNotice;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCancelledNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.protocol.WorkflowStartedNotice;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns one commit of a workflow into the room events of PROTOCOL.md, folding the commit into the workflow's state
 * as it goes (the fold gives task names, statuses and results). Pure: no clock, no I/O.
 *
 * <p>Per event: {@code WorkflowSubmitted} → {@code workflow:started}; a task event that changes the task's status →
 * {@code task:status} (ext); {@code TaskProgressed} → {@code task:progress}; {@code TaskCompleted} →
 * {@code task:completed}; a failure or timeout that is final (no retry scheduled in the same commit) →
 * {@code task:failed}; {@code WorkflowCancelled} → {@code workflow:cancelled}; and any terminal workflow event →
 * {@code workflow:completed} with the results and errors keyed by task name.
 */
public final class RoomEventTranslator {
    private RoomEventTranslator() {
    }

    /**
     * What a commit means for the workflow's room.
     *
     * @param state  the workflow's state just before the commit (version {@code commit.firstVersion() - 1})
     * @param events the room events, in order
     */
    public record Translation(WorkflowState state, List<RoomEvent> events) {
        public Translation {
            Objects.requireNonNull(state, "state");
            events = List.copyOf(events);
        }
    }

    /** The room events of {@code commit}, and the state after it. */
    public static Translation translate(WorkflowState before, Commit commit) {
        Set<String> retried = new HashSet<>();
        for (EventEnvelope<WorkflowEvent> e : commit.events()) {
            if (e.payload() instanceof TaskRetryScheduled r) {
                retried.add(r.taskId());
            }
        }
        WorkflowState state = before;
        List<RoomEvent> out = new ArrayList<>();
        for (EventEnvelope<WorkflowEvent> envelope : commit.events()) {
            WorkflowState previous = state;
            state = WorkflowEvolver.evolve(state, envelope);
            WorkflowEvent event = envelope.payload();
            Instant at = envelope.occurredAt();
            if (event instanceof WorkflowSubmitted s) {
                out.add(new RoomEvent(EventNames.WORKFLOW_STARTED, new WorkflowStartedNotice(state.workflowId(),
                        s.definition().name(), s.definition().tasks().size(), at)));
            } else if (event instanceof TaskEvent t) {
                task(previous, state, t, retried.contains(t.taskId()), at, out);
            } else if (event instanceof WorkflowCancelled) {
                out.add(new RoomEvent(EventNames.WORKFLOW_CANCELLED,
                        new WorkflowCancelledNotice(state.workflowId(), at)));
                out.add(finished(state, at));
            } else if (event instanceof WorkflowCompleted || event instanceof WorkflowFailed) {
                out.add(finished(state, at));
            }
        }
        return new Translation(state, out);
    }

    private static void task(WorkflowState previous, WorkflowState state, TaskEvent event, boolean retried,
                             Instant at, List<RoomEvent> out) {
        TaskState before = previous.task(event.taskId()).orElse(null);
        TaskState after = state.task(event.taskId()).orElse(null);
        if (after == null) {
            return;
        }
        boolean finalFailure = (event instanceof TaskFailed || event instanceof TaskTimedOut) && !retried;
        boolean transientFailure = (event instanceof TaskFailed || event instanceof TaskTimedOut) && retried;
        if (!transientFailure && (before == null || before.status() != after.status())) {
            out.add(new RoomEvent(EventNames.TASK_STATUS, new TaskStatusNotice(after.taskId(), state.workflowId(),
                    after.name(), StatusNames.of(after.status()), after.attempt(), at)));
        }
        String wf = state.workflowId();
        if (event instanceof TaskProgressed p) {
            String service = after.target() == null ? null : after.target().serviceId();
            out.add(new RoomEvent(EventNames.TASK_PROGRESS, new TaskProgressReport(p.taskId(), wf, p.progress(),
                    p.message(), service, at, null, p.attempt())));
        } else if (event instanceof TaskCompleted c && after.status() == TaskStatus.COMPLETED) {
            out.add(new RoomEvent(EventNames.TASK_COMPLETED,
                    new TaskCompletedNotice(c.taskId(), wf, c.result(), at, after.name())));
        } else if (finalFailure) {
            out.add(new RoomEvent(EventNames.TASK_FAILED,
                    new TaskFailedNotice(after.taskId(), wf, errorOf(after), at, after.name())));
        }
    }

    private static RoomEvent finished(WorkflowState state, Instant at) {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (TaskState t : state.tasksInOrder()) {
            if (t.result() != null) {
                results.put(t.name(), t.result());
            }
            if (t.status() == TaskStatus.FAILED) {
                errors.put(t.name(), errorOf(t));
            }
        }
        return new RoomEvent(EventNames.WORKFLOW_COMPLETED, new WorkflowCompletedNotice(state.workflowId(),
                StatusNames.of(state.status()), state.counts().completed(), state.counts().failed(), results,
                errors, at));
    }

    private static String errorOf(TaskState task) {
        return task.lastError() == null ? "failed" : task.lastError().message();
    }
}
