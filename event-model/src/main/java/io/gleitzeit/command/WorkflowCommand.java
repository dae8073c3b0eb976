package io.gleitzeit.command;

/**
 * An input to the decider: a request from a client, a report from a service, or a fired timer. Commands travel on
 * a partition's feed stream; only the decider turns them into events, after checking them against the workflow's
 * state, so a duplicated or replayed command never has a second effect.
 */
public sealed interface WorkflowCommand
        permits SubmitWorkflow, ReportTaskAccepted, ReportTaskProgress, ReportTaskCompleted, ReportTaskFailed,
        CancelWorkflow, FireTimer, DispatchReadyTasks, ReleaseServiceTasks {
}
