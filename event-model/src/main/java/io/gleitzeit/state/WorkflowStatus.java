package io.gleitzeit.state;

/** Where a workflow stands. The transitions between these are {@link WorkflowLifecycle}'s table. */
public enum WorkflowStatus {
    /** No {@code WorkflowSubmitted} yet: the workflow does not exist. */
    NOT_SUBMITTED,
    /** Submitted and not finished. */
    RUNNING,
    /** Every task completed. Terminal. */
    COMPLETED,
    /** A task failed for good, or the workflow timed out. Terminal. */
    FAILED,
    /** Cancelled on request. Terminal. */
    CANCELLED;

    /** Whether nothing can happen to the workflow any more. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
