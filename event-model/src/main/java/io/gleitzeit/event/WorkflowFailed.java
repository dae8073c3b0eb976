package io.gleitzeit.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * The workflow ended with at least one task failed for good, or ran past its own timeout. Terminal.
 *
 * @param reason  a summary
 * @param results results of the tasks that completed, keyed by task name
 * @param errors  error messages of the tasks that failed, keyed by task name
 */
public record WorkflowFailed(
        String reason, int completedTasks, int failedTasks, Map<String, JsonNode> results, Map<String, String> errors)
        implements WorkflowEvent {
    public WorkflowFailed {
        Objects.requireNonNull(reason, "reason");
        results = Map.copyOf(Objects.requireNonNull(results, "results"));
        errors = Map.copyOf(Objects.requireNonNull(errors, "errors"));
    }
}
