package io.gleitzeit.log;

/**
 * An append found the workflow's stream at another version than expected: someone else appended first. Re-read the
 * workflow, decide again, and retry.
 */
public final class WrongExpectedVersionException extends GleitzeitException {
    private final String workflowId;
    private final long expected;
    private final long actual;

    public WrongExpectedVersionException(String workflowId, long expected, long actual) {
        super("workflow " + workflowId + ": expected version " + expected + " but the stream is at " + actual, null,
                true);
        this.workflowId = workflowId;
        this.expected = expected;
        this.actual = actual;
    }

    public String workflowId() {
        return workflowId;
    }

    public long expected() {
        return expected;
    }

    /** The version found, or -1 when it was not read. */
    public long actual() {
        return actual;
    }
}
