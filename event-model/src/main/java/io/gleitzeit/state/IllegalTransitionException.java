package io.gleitzeit.state;

/**
 * An event that its workflow's or task's lifecycle does not allow in the status found, or an event out of sequence.
 * A recorded history that raises this is corrupt (or was written by a buggy decider); the replay tool's
 * {@code verify} reports it.
 */
public final class IllegalTransitionException extends IllegalStateException {
    private final String workflowId;
    private final long version;

    IllegalTransitionException(String workflowId, long version, String message) {
        super("workflow " + workflowId + ", event version " + version + ": " + message);
        this.workflowId = workflowId;
        this.version = version;
    }

    /** The workflow whose history holds the event. */
    public String workflowId() {
        return workflowId;
    }

    /** The version of the offending event. */
    public long version() {
        return version;
    }
}
