package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.state.BatchProgress;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides what a command means for a workflow: {@code decide(state, command) → events}. Pure: it reads no clock,
 * no random source, no Redis and no socket; time and the services come in with the {@link DecisionContext}.
 *
 * <p>Every decision is a cell of the {@link DecisionTable} (command kind × {@link Situation}); the decision names
 * the cell it took. The decider is <em>idempotent by state</em>: a command whose effect the state already holds
 * (a duplicated or replayed delivery) meets a situation whose action yields no events, so no separate
 * de-duplication store is needed. Stateless and thread-safe.
 */
public final class Decider {

    /** The decision for {@code command} on {@code state}, the state of the workflow the command names. */
    public Decision decide(WorkflowState state, CommandEnvelope command, DecisionContext context) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(context, "context");
        if (!command.workflowId().equals(state.workflowId())) {
            throw new IllegalArgumentException("command " + command.commandId() + " is for workflow "
                    + command.workflowId() + ", not for " + state.workflowId());
        }
        WorkflowCommand payload = command.payload();
        if (payload instanceof SubmitWorkflow s && !s.definition().workflowId().equals(state.workflowId())) {
            throw new IllegalArgumentException("definition.workflowId: " + s.definition().workflowId()
                    + " differs from the command's workflow " + state.workflowId());
        }
        CommandKind kind = CommandKind.of(payload);
        Rule rule = DecisionTable.ruleFor(kind, Situation.of(state, kind, payload));
        Draft draft = new Draft(state, context);
        perform(rule.action(), payload, draft);
        return draft.decision(rule);
    }

    private static void perform(Action action, WorkflowCommand command, Draft d) {
        switch (action) {
            case IGNORE:
                return;
            case START_WORKFLOW:
                start(d, (SubmitWorkflow) command);
                break;
            case CANCEL:
                cancel(d, (CancelWorkflow) command);
                return;
            case TIME_OUT_WORKFLOW:
                d.workflowTimerFired();
                Duration limit = d.state().definition().timeout();
                Outcomes.stop(d, limit == null ? "workflow timed out" : "workflow timed out after " + seconds(limit));
                return;
            case DISPATCH:
                break;
            case RELEASE_SERVICE:
                release(d, (ReleaseServiceTasks) command);
                break;
            case ACCEPT:
                accept(d, (ReportTaskAccepted) command);
                return;
            case RECORD_PROGRESS:
                progress(d, (ReportTaskProgress) command);
                return;
            case COMPLETE:
                complete(d, (ReportTaskCompleted) command);
                break;
            case FAIL:
                fail(d, (ReportTaskFailed) command);
                break;
            case DISCARD_LATE_RESULT:
                discard(d, TaskAttempt.of(command));
                return;
            case MAKE_RETRY_READY:
                d.emit(new TaskReady(TaskAttempt.of(command).taskId(), TaskAttempt.of(command).attempt()));
                break;
            case TIME_OUT_TASK:
                timeOut(d, TaskAttempt.of(command));
                break;
            default:
                throw new IllegalStateException("no behaviour for action " + action);
        }
        // whatever freed a slot or made a task ready: dispatch what can go now. Only when the action changed
        // something, so that a duplicated command (a release that finds nothing left to release) stays a no-op.
        if (action == Action.DISPATCH || d.hasEvents()) {
            Dispatching.dispatchReady(d);
        }
    }

    private static void start(Draft d, SubmitWorkflow command) {
        WorkflowDefinition def = command.definition();
        d.emit(new WorkflowSubmitted(def, command.submittedBy()));
        for (int i = 0; i < def.tasks().size(); i++) {
            if (def.tasks().get(i).dependencies().isEmpty()) {
                d.emit(new TaskReady(def.taskId(i), 1));
            }
        }
        if (def.timeout() != null) {
            d.schedule(TimerKind.WORKFLOW_TIMEOUT, null, 0, d.now().plus(def.timeout()));
        }
        Outcomes.finishIfDone(d);
    }

    private static void cancel(Draft d, CancelWorkflow command) {
        for (TaskState t : d.state().tasksInOrder()) {
            if (t.status().isTerminal()) {
                continue;
            }
            if (t.status() == TaskStatus.BATCH_RUNNING) {
                Batches.endUnits(d, t.taskId(), command.reason(), TaskStatus.CANCELLED);
                // no service ran the batch task itself, so its cancellation names no attempt
                d.emit(new TaskCancelled(t.taskId(), 0, command.reason()));
            } else if (t.status().hasAttemptInFlight()) {
                d.emit(new TaskCancelled(t.taskId(), t.attempt(), command.reason()));
                cancelTaskTimeout(d, t);
            } else {
                d.emit(new TaskCancelled(t.taskId(), 0, command.reason()));
                if (t.status() == TaskStatus.RETRY_WAITING) {
                    d.cancelTimer(TimerKind.RETRY_DUE, t.taskId(), t.attempt());
                }
            }
        }
        d.cancelWorkflowTimer();
        d.emit(new WorkflowCancelled(command.reason(), command.requestedBy()));
    }

    private static void release(Draft d, ReleaseServiceTasks command) {
        d.serviceGone(command.serviceId());
        for (TaskState t : d.state().tasksInOrder()) {
            releaseFrom(d, t.taskId(), command);
            // a batch's units in item order; a unit ending here may release the next one, seen by this loop
            int units = d.state().batch(t.taskId()).map(BatchProgress::count).orElse(0);
            for (int i = 0; i < units; i++) {
                releaseFrom(d, BatchProgress.unitId(t.taskId(), i), command);
            }
        }
    }

    private static void releaseFrom(Draft d, String taskId, ReleaseServiceTasks command) {
        if (!d.workflowRunning()) {
            return;
        }
        TaskState current = d.task(taskId);
        if (current.status().hasAttemptInFlight() && current.target().serviceId().equals(command.serviceId())) {
            d.emit(new TaskFailed(current.taskId(), current.attempt(),
                    new TaskError("service lost: " + command.reason(), "service_lost", true)));
            cancelTaskTimeout(d, current);
            Outcomes.afterFailure(d, current.taskId());
        }
    }

    private static void accept(Draft d, ReportTaskAccepted command) {
        d.emit(new TaskAccepted(command.taskId(), command.attempt(), command.serviceId()));
    }

    /**
     * The report first moves the attempt to the endpoint it names, when that is not where the attempt runs (the
     * service failed over within the attempt), then records the progress unless it repeats the last report exactly.
     */
    private static void progress(Draft d, ReportTaskProgress command) {
        TaskState t = d.task(command.taskId());
        String runsOn = t.target() == null ? null : t.target().endpointId();
        if (command.endpointId() != null && !command.endpointId().equals(runsOn)) {
            d.emit(new TaskEndpointSwitched(command.taskId(), command.attempt(), runsOn, command.endpointId()));
        }
        boolean repeated = t.status() == TaskStatus.RUNNING && t.progress() == command.progress()
                && t.progressMessage().equals(command.message());
        if (!repeated) {
            d.emit(new TaskProgressed(command.taskId(), command.attempt(), command.progress(), command.message()));
        }
    }

    private static void complete(Draft d, ReportTaskCompleted c) {
        TaskState t = d.task(c.taskId());
        String serviceId = c.serviceId() != null ? c.serviceId() : t.target().serviceId();
        d.emit(new TaskCompleted(c.taskId(), c.attempt(), c.result(), c.usage(), c.durationMs(), serviceId,
                c.endpointId()));
        cancelTaskTimeout(d, t);
        if (d.state().isUnit(c.taskId())) {
            Batches.unitCompleted(d, c.taskId());
            return;
        }
        Outcomes.releaseDependents(d, c.taskId());
        Outcomes.finishIfDone(d);
    }

    private static void fail(Draft d, ReportTaskFailed c) {
        d.emit(new TaskFailed(c.taskId(), c.attempt(), c.error()));
        cancelTaskTimeout(d, d.task(c.taskId()));
        Outcomes.afterFailure(d, c.taskId());
    }

    private static void discard(Draft d, TaskAttempt stale) {
        TaskState t = d.task(stale.taskId());
        d.emit(new TaskResultDiscarded(stale.taskId(), stale.attempt(),
                "late result of attempt " + stale.attempt() + "; attempt " + t.attempt() + " is current"));
    }

    private static void timeOut(Draft d, TaskAttempt attempt) {
        TaskState t = d.task(attempt.taskId());
        TaskDefinition def = d.state().definitionOf(t);
        d.emit(new TaskTimedOut(attempt.taskId(), attempt.attempt(),
                def.timeout() == null ? Duration.ZERO : def.timeout()));
        Outcomes.afterFailure(d, attempt.taskId());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void cancelTaskTimeout(Draft d, TaskState t) {
        if (d.state().definitionOf(t).timeout() != null) {
            d.cancelTimer(TimerKind.TASK_TIMEOUT, t.taskId(), t.attempt());
        }
    }
}
