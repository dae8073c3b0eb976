package io.gleitzeit.state;

/** Where a task stands. The transitions between these are {@link TaskLifecycle}'s table. */
public enum TaskStatus {
    /** Waiting for its dependencies. */
    PENDING,
    /** Its current attempt may be dispatched as soon as an eligible service has capacity. */
    READY,
    /** The current attempt was handed to a service that has not yet said it started. */
    DISPATCHED,
    /** The service started the current attempt. */
    RUNNING,
    /** An attempt failed; the next one becomes ready when its backoff elapses. */
    RETRY_WAITING,
    /** Succeeded. Terminal. */
    COMPLETED,
    /**
     * Failed for good. Terminal, except inside one commit: a {@code TaskFailed} or {@code TaskTimedOut} followed by a
     * {@code TaskRetryScheduled} for the same task means "try again".
     */
    FAILED,
    /** Will never run: a dependency failed, or the workflow stopped. Terminal. */
    SKIPPED,
    /** Stopped by a cancellation. Terminal. */
    CANCELLED,
    /**
     * A batch task whose units run: it is never dispatched itself, and ends (completed, failed or cancelled) when its
     * units have. Last in the enum because stored read models encode statuses by ordinal.
     */
    BATCH_RUNNING;

    /** Whether the task has finished one way or another. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    /** Whether an attempt is with a service right now. */
    public boolean hasAttemptInFlight() {
        return this == DISPATCHED || this == RUNNING;
    }
}
