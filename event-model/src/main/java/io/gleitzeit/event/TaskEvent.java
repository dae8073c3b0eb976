package io.gleitzeit.event;

/** An event about one task of a workflow. */
public sealed interface TaskEvent extends WorkflowEvent
        permits TaskReady, TaskDispatched, TaskAccepted, TaskProgressed, TaskCompleted, TaskFailed, TaskTimedOut,
        TaskRetryScheduled, TaskCancelled, TaskSkipped, TaskResultDiscarded, TaskBatchExpanded, TaskEndpointSwitched {

    /** The task's id, {@code <workflow_id>/<index>}, or {@code <workflow_id>/<index>[<item>]} for a batch unit. */
    String taskId();

    /** The attempt the event is about (1-based); 0 when the event concerns no attempt. */
    int attempt();
}
