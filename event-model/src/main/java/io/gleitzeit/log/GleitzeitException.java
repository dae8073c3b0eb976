package io.gleitzeit.log;

/**
 * The root of Gleitzeit's unchecked exceptions, classified by whether retrying the same operation may succeed.
 */
public class GleitzeitException extends RuntimeException {
    private final boolean transientFailure;

    protected GleitzeitException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** A failure that may go away on retry (Redis unreachable, a version conflict, a timeout). */
    public static GleitzeitException transientFailure(String message, Throwable cause) {
        return new GleitzeitException(message, cause, true);
    }

    /** A failure that retrying will not fix (corrupt data, a bug, a misconfiguration). */
    public static GleitzeitException permanentFailure(String message, Throwable cause) {
        return new GleitzeitException(message, cause, false);
    }

    /** Whether retrying the same operation may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }
}
