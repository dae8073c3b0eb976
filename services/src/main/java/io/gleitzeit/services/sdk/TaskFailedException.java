package io.gleitzeit.services.sdk;

import java.util.Objects;

/**
 * Thrown by a {@link TaskHandler} to fail an attempt with a chosen {@code error_type} and retryability. Create with
 * {@link #retryable(String, String)} or {@link #nonRetryable(String, String)}.
 */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TaskFault fault;

    private TaskFailedException(TaskFault fault, Throwable cause) {
        super(fault.message(), cause);
        this.fault = fault;
    }

    /** Another attempt may succeed (a service was down, a rate limit was hit). */
    public static TaskFailedException retryable(String errorType, String message) {
        return new TaskFailedException(new TaskFault(message, errorType, TaskFault.Retry.ALLOWED), null);
    }

    /** No attempt can succeed (bad input); the task fails regardless of its retry policy. */
    public static TaskFailedException nonRetryable(String errorType, String message) {
        return new TaskFailedException(new TaskFault(message, errorType, TaskFault.Retry.NOT_ALLOWED), null);
    }

    /** Fails with the given fault, keeping its cause for logs. */
    public static TaskFailedException of(TaskFault fault, Throwable cause) {
        return new TaskFailedException(Objects.requireNonNull(fault, "fault"), cause);
    }

    public TaskFault fault() {
        return fault;
    }
}
