package io.gleitzeit.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An attempt succeeded. A completion of an attempt that is no longer current (a late result after a retry or a
 * re-dispatch) is never recorded as this event: it changes nothing, and is recorded as {@link TaskResultDiscarded}.
 *
 * @param result     the service's result, any JSON value
 * @param usage      token usage for LLM tasks, or {@code null}
 * @param durationMs how long the service worked, or {@code null} when not reported
 * @param serviceId  the service that ran it
 * @param endpointId the endpoint that ran it, or {@code null}
 */
public record TaskCompleted(
        String taskId, int attempt, JsonNode result, TokenUsage usage, Long durationMs, String serviceId,
        String endpointId) implements TaskEvent {
    public TaskCompleted {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(result, "result");
    }
}
