package io.gleitzeit.services.sdk;

import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Why an attempt failed, as reported in {@code task:failed}.
 *
 * @param message   human-readable
 * @param errorType the {@code error_type}: {@code timeout}, {@code invalid_argument}, an exception's simple name, …
 * @param retry     whether another attempt may succeed
 */
public record TaskFault(String message, String errorType, Retry retry) {
    /** The {@code error_type} of an attempt that ran out of time. */
    public static final String TIMEOUT = "timeout";
    /** The {@code error_type} of bad input. */
    public static final String INVALID_ARGUMENT = "invalid_argument";

    /** Whether the hub may try the task again. */
    public enum Retry {
        ALLOWED, NOT_ALLOWED
    }

    public TaskFault {
        message = message == null || message.isBlank() ? "failed without a message" : message;
        errorType = errorType == null || errorType.isBlank() ? "error" : errorType;
        Objects.requireNonNull(retry, "retry");
    }

    public boolean retryable() {
        return retry == Retry.ALLOWED;
    }

    /** The attempt ran out of time; another attempt may be faster. */
    public static TaskFault timeout(String message) {
        return new TaskFault(message, TIMEOUT, Retry.ALLOWED);
    }

    /**
     * The default classification of what a handler threw: a {@link TaskFailedException} says itself; bad input
     * ({@link IllegalArgumentException}) cannot succeed on retry; a {@link TimeoutException} is a timeout; anything
     * else may be transient and is retryable.
     */
    public static TaskFault of(Throwable thrown) {
        Objects.requireNonNull(thrown, "thrown");
        if (thrown instanceof TaskFailedException failed) {
            return failed.fault();
        }
        String message = messageOf(thrown);
        if (thrown instanceof IllegalArgumentException) {
            return new TaskFault(message, INVALID_ARGUMENT, Retry.NOT_ALLOWED);
        }
        if (thrown instanceof TimeoutException) {
            return timeout(message);
        }
        return new TaskFault(message, thrown.getClass().getSimpleName(), Retry.ALLOWED);
    }

    private static String messageOf(Throwable thrown) {
        String message = thrown.getMessage();
        return message == null || message.isBlank() ? thrown.getClass().getSimpleName() : message;
    }
}
