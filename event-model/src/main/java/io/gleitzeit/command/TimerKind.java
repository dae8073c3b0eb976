package io.gleitzeit.command;

/** What a fired timer is for. */
public enum TimerKind {
    /** A retry's backoff elapsed: the next attempt becomes ready. */
    RETRY_DUE,
    /** An attempt's deadline passed. */
    TASK_TIMEOUT,
    /** The workflow's own timeout passed. */
    WORKFLOW_TIMEOUT
}
