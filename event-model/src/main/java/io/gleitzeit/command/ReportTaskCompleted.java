package io.gleitzeit.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.event.TokenUsage;
import java.util.Objects;

/** A service reports success ({@code task:completed} whose result is not {@code {"success": false}}). */
public record ReportTaskCompleted(
        String taskId, int attempt, JsonNode result, TokenUsage usage, Long durationMs, String serviceId,
        String endpointId) implements WorkflowCommand {
    public ReportTaskCompleted {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(result, "result");
    }
}
