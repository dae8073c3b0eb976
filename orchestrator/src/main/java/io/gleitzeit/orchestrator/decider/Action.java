package io.gleitzeit.orchestrator.decider;

/** What the decider does in a cell of the {@link DecisionTable}. */
public enum Action {
    /** Nothing: a duplicate, a stale or irrelevant input. No events. */
    IGNORE,
    /** WorkflowSubmitted, the first tasks ready, dispatch, the workflow timer. */
    START_WORKFLOW,
    /** Every unfinished task cancelled, every timer removed, WorkflowCancelled. */
    CANCEL,
    /** Running attempts cancelled, the rest skipped, WorkflowFailed. */
    TIME_OUT_WORKFLOW,
    /** Dispatch what the ready set and the services' capacity allow. */
    DISPATCH,
    /** Every attempt in flight on the service fails as retryable. */
    RELEASE_SERVICE,
    /** TaskAccepted. */
    ACCEPT,
    /**
     * TaskEndpointSwitched when the report names an endpoint other than the attempt's, then TaskProgressed unless it
     * repeats the last report exactly.
     */
    RECORD_PROGRESS,
    /**
     * TaskCompleted; dependents become ready; the workflow finishes when everything has. For a batch unit: the next
     * unit is released, and the batch task completes when it was the last.
     */
    COMPLETE,
    /** TaskFailed, then a retry or the error strategy (for a batch unit, through its batch task). */
    FAIL,
    /** TaskResultDiscarded: a late result of a superseded attempt, recorded, changing nothing. */
    DISCARD_LATE_RESULT,
    /** TaskReady for the attempt whose backoff elapsed, and dispatch. */
    MAKE_RETRY_READY,
    /** TaskTimedOut, then a retry or the error strategy. */
    TIME_OUT_TASK
}
