package io.gleitzeit.event;

import java.util.Objects;

/**
 * Why an attempt failed.
 *
 * @param message   human-readable, never containing secrets
 * @param type      a classification such as the exception type, {@code timeout} or {@code reference}
 * @param retryable whether another attempt may succeed; {@code false} ends the task regardless of its retry policy
 */
public record TaskError(String message, String type, boolean retryable) {
    public TaskError {
        Objects.requireNonNull(message, "message");
        type = type == null ? "error" : type;
    }
}
