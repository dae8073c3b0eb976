package io.gleitzeit.replay.cli;

/**
 * A command could not do what was asked, for a reason the user should read: a workflow not found, an audit that
 * failed, Redis unreachable. The CLI prints the message on stderr and exits with {@link ExitCode#FAILURE}.
 */
public final class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
