package io.gleitzeit.ops.cli.client;

/** The exit codes of the client commands ({@code submit}, {@code status}, {@code cancel}, {@code list}). */
public final class ExitCodes {
    /** Done; for {@code submit --wait/--follow}: the workflow completed. */
    public static final int OK = 0;
    /** The workflow failed or was cancelled, or the hub refused the request (not found, forbidden, …). */
    public static final int FAILED = 1;
    /** The document or the arguments are invalid. */
    public static final int INVALID = 2;
    /** No hub could be reached. */
    public static final int CANNOT_CONNECT = 3;

    private ExitCodes() {
    }
}
