package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.DispatchReadyTasks;
import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.command.WorkflowCommand;

/**
 * The rows of the {@link DecisionTable}: every kind of input the decider distinguishes. Fired timers count as three
 * kinds, one per {@link TimerKind}.
 */
public enum CommandKind {
    SUBMIT_WORKFLOW(Scope.WORKFLOW),
    CANCEL_WORKFLOW(Scope.WORKFLOW),
    WORKFLOW_TIMEOUT(Scope.WORKFLOW),
    DISPATCH_READY_TASKS(Scope.WORKFLOW),
    RELEASE_SERVICE_TASKS(Scope.WORKFLOW),
    TASK_ACCEPTED(Scope.ATTEMPT),
    TASK_PROGRESS(Scope.ATTEMPT),
    TASK_COMPLETED(Scope.ATTEMPT),
    TASK_FAILED(Scope.ATTEMPT),
    RETRY_DUE(Scope.ATTEMPT),
    TASK_TIMEOUT(Scope.ATTEMPT);

    /** What a command is about, which decides the situations it is looked up in. */
    public enum Scope {
        /** The whole workflow. */
        WORKFLOW,
        /** One attempt of one task. */
        ATTEMPT
    }

    private final Scope scope;

    CommandKind(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    /** The kind of a command. */
    public static CommandKind of(WorkflowCommand command) {
        if (command instanceof SubmitWorkflow) {
            return SUBMIT_WORKFLOW;
        } else if (command instanceof CancelWorkflow) {
            return CANCEL_WORKFLOW;
        } else if (command instanceof DispatchReadyTasks) {
            return DISPATCH_READY_TASKS;
        } else if (command instanceof ReleaseServiceTasks) {
            return RELEASE_SERVICE_TASKS;
        } else if (command instanceof ReportTaskAccepted) {
            return TASK_ACCEPTED;
        } else if (command instanceof ReportTaskProgress) {
            return TASK_PROGRESS;
        } else if (command instanceof ReportTaskCompleted) {
            return TASK_COMPLETED;
        } else if (command instanceof ReportTaskFailed) {
            return TASK_FAILED;
        } else if (command instanceof FireTimer t) {
            if (t.kind() == TimerKind.RETRY_DUE) {
                return RETRY_DUE;
            } else if (t.kind() == TimerKind.TASK_TIMEOUT) {
                return TASK_TIMEOUT;
            } else if (t.kind() == TimerKind.WORKFLOW_TIMEOUT) {
                return WORKFLOW_TIMEOUT;
            }
        }
        throw new IllegalArgumentException("no command kind for " + command);
    }
}
