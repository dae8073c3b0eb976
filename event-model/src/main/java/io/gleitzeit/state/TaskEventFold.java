package io.gleitzeit.state;

import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
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
import java.time.Duration;
import java.time.Instant;

/** The part of the fold that applies a task event to its task. */
final class TaskEventFold {
    private TaskEventFold() {
    }

    static WorkflowState apply(WorkflowState state, TaskEvent event, long version, Instant at) {
        TaskState task = state.task(event.taskId()).orElseThrow(() -> new IllegalTransitionException(
                state.workflowId(), version, event.getClass().getSimpleName() + " names task " + event.taskId()
                        + ", which this workflow does not have"));
        Transition<TaskStatus> transition = TaskLifecycle.transition(task.status(), event)
                .orElseThrow(() -> illegal(state, version, task, event, "is not a transition of the task lifecycle"));
        if (event instanceof TaskResultDiscarded) {
            if (event.attempt() >= task.attempt()) {
                throw illegal(state, version, task, event, "names an attempt that is not stale");
            }
        } else if (event.attempt() != expectedAttempt(task, event)) {
            throw illegal(state, version, task, event,
                    "names the wrong attempt, expected " + expectedAttempt(task, event));
        }
        checkBatch(state, version, task, event, transition.to());
        TaskState.Builder b = task.toBuilder().status(transition.to());
        if (event instanceof TaskReady e) {
            b.attempt(e.attempt()).readyAt(at).progress(0, "");
        } else if (event instanceof TaskDispatched e) {
            b.target(e.target()).dispatchedAt(at).acceptedAt(null).attemptsMade(task.attemptsMade() + 1);
        } else if (event instanceof TaskAccepted) {
            b.acceptedAt(at);
        } else if (event instanceof TaskProgressed e) {
            b.progress(e.progress(), e.message());
            if (task.status() == TaskStatus.DISPATCHED) {
                b.acceptedAt(at);
            }
        } else if (event instanceof TaskEndpointSwitched e) {
            DispatchTarget t = task.target();
            b.target(new DispatchTarget(t.serviceId(), t.serviceName(), t.hubId(), e.endpointId()));
            if (task.status() == TaskStatus.DISPATCHED) {
                b.acceptedAt(at);
            }
        } else if (event instanceof TaskCompleted e) {
            b.result(e.result()).finishedAt(at);
        } else if (event instanceof TaskFailed e) {
            b.lastError(e.error()).finishedAt(at);
        } else if (event instanceof TaskTimedOut e) {
            b.lastError(timedOut(e)).finishedAt(at);
        } else if (event instanceof TaskRetryScheduled e) {
            b.attempt(e.attempt()).finishedAt(null);
        } else if (event instanceof TaskCancelled || event instanceof TaskSkipped) {
            b.finishedAt(at);
        } else if (event instanceof TaskResultDiscarded e) {
            if (task.hasDiscarded(e.attempt())) {
                throw illegal(state, version, task, event, "discards attempt " + e.attempt() + " a second time");
            }
            b.discarded(e.attempt());
        } else if (event instanceof TaskBatchExpanded e) {
            return state.withTask(task, b.build()).expanded(task, e.count());
        } else {
            throw new IllegalStateException("the fold does not handle " + event.getClass().getName());
        }
        return state.withTask(task, b.build());
    }

    /**
     * The rules batches add: only a batch task expands; a unit changes only while its batch runs (a late result
     * excepted); a batch task ends only after every unit has.
     */
    private static void checkBatch(WorkflowState state, long version, TaskState task, TaskEvent event,
                                   TaskStatus to) {
        if (event instanceof TaskBatchExpanded && !state.definitionOf(task).hasBatch()) {
            throw illegal(state, version, task, event, "expands a task that is not a batch");
        }
        if (state.isUnit(task.taskId()) && !(event instanceof TaskResultDiscarded)) {
            TaskState batch = state.task(BatchProgress.batchOf(task.taskId())).orElseThrow();
            if (batch.status() != TaskStatus.BATCH_RUNNING) {
                throw illegal(state, version, task, event, "happens while its batch task is " + batch.status());
            }
        }
        if (task.status() == TaskStatus.BATCH_RUNNING && to.isTerminal()
                && !state.batch(task.taskId()).orElseThrow().allEnded()) {
            throw illegal(state, version, task, event, "ends the batch while some of its units have not ended");
        }
    }

    /** The attempt an event must name to fit the task as it stands. */
    private static int expectedAttempt(TaskState task, TaskEvent event) {
        if (event instanceof TaskReady) {
            return task.status() == TaskStatus.PENDING ? 1 : task.attempt();
        } else if (event instanceof TaskRetryScheduled) {
            return task.attempt() + 1;
        } else if (event instanceof TaskCancelled) {
            return task.status().hasAttemptInFlight() ? task.attempt() : 0;
        } else if (event instanceof TaskSkipped) {
            return 0;
        }
        return task.attempt();
    }

    /** The error a timed-out attempt leaves: retryable, like any other lost attempt. */
    static TaskError timedOut(TaskTimedOut e) {
        return new TaskError("attempt " + e.attempt() + " timed out after " + format(e.timeout()), "timeout", true);
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static IllegalTransitionException illegal(
            WorkflowState state, long version, TaskState task, TaskEvent event, String problem) {
        return new IllegalTransitionException(state.workflowId(), version, event.getClass().getSimpleName()
                + " (attempt " + event.attempt() + ") for task " + task.taskId() + " '" + task.name() + "' in status "
                + task.status() + " at attempt " + task.attempt() + " " + problem);
    }
}
