package io.gleitzeit.replay.cli;

/** The tool's exit codes. */
public final class ExitCode {
    /** Done; for {@code verify}, every invariant holds. */
    public static final int OK = 0;
    /** An audit found violations, something asked for was not found, or the command could not complete. */
    public static final int FAILURE = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
