package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowState;

/**
 * The columns of the {@link DecisionTable}: how the workflow, and for attempt-scoped commands the named attempt,
 * stand when a command arrives. Computed in one place, {@link #of}.
 */
public enum Situation {
    /** The workflow does not exist. */
    WORKFLOW_NOT_SUBMITTED(Of.WORKFLOW),
    /** The workflow runs (workflow-scoped commands only; attempt-scoped ones look at the attempt). */
    WORKFLOW_RUNNING(Of.WORKFLOW),
    /** The workflow completed, failed or was cancelled. */
    WORKFLOW_FINISHED(Of.WORKFLOW),
    /** The workflow runs but has no task of that id. */
    UNKNOWN_TASK(Of.ATTEMPT),
    /** The attempt was never dispatched: the task waits for dependencies or capacity, or the attempt is unknown. */
    ATTEMPT_NOT_DISPATCHED(Of.ATTEMPT),
    /** The task waits for this attempt's retry backoff to elapse. */
    ATTEMPT_AWAITING_RETRY(Of.ATTEMPT),
    /** The attempt is current and with a service that has not yet said it started. */
    ATTEMPT_DISPATCHED(Of.ATTEMPT),
    /** The attempt is current and started. */
    ATTEMPT_RUNNING(Of.ATTEMPT),
    /** The attempt is current and ended: the task is terminal. */
    ATTEMPT_ENDED(Of.ATTEMPT),
    /** A newer attempt exists: this one timed out or its service was lost. */
    ATTEMPT_SUPERSEDED(Of.ATTEMPT),
    /** A newer attempt exists and a late result of this one was already recorded as discarded. */
    ATTEMPT_SUPERSEDED_RECORDED(Of.ATTEMPT);

    /** Whether a situation describes the workflow as a whole or the attempt a command names. */
    enum Of { WORKFLOW, ATTEMPT }

    private final Of of;

    Situation(Of of) {
        this.of = of;
    }

    /** The situation {@code command} (of kind {@code kind}) finds {@code state} in. */
    public static Situation of(WorkflowState state, CommandKind kind, WorkflowCommand command) {
        if (!state.isSubmitted()) {
            return WORKFLOW_NOT_SUBMITTED;
        }
        if (state.status().isTerminal()) {
            return WORKFLOW_FINISHED;
        }
        if (kind.scope() == CommandKind.Scope.WORKFLOW) {
            return WORKFLOW_RUNNING;
        }
        TaskAttempt named = TaskAttempt.of(command);
        TaskState task = state.task(named.taskId()).orElse(null);
        if (task == null) {
            return UNKNOWN_TASK;
        }
        if (named.attempt() < task.attempt()) {
            return task.hasDiscarded(named.attempt()) ? ATTEMPT_SUPERSEDED_RECORDED : ATTEMPT_SUPERSEDED;
        }
        if (named.attempt() > task.attempt()) {
            return ATTEMPT_NOT_DISPATCHED;
        }
        switch (task.status()) {
            case PENDING:
            case READY:
            // a batch task is never dispatched itself: its units are
            case BATCH_RUNNING:
                return ATTEMPT_NOT_DISPATCHED;
            case RETRY_WAITING:
                return ATTEMPT_AWAITING_RETRY;
            case DISPATCHED:
                return ATTEMPT_DISPATCHED;
            case RUNNING:
                return ATTEMPT_RUNNING;
            default:
                return ATTEMPT_ENDED;
        }
    }

    /** The situations an attempt-scoped command can find a running workflow in. */
    static boolean isAttemptSituation(Situation s) {
        return s.of == Of.ATTEMPT;
    }
}
