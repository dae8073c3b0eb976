package io.gleitzeit.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * Every task completed. Terminal.
 *
 * @param results each task's result, keyed by task name
 */
public record WorkflowCompleted(int completedTasks, Map<String, JsonNode> results) implements WorkflowEvent {
    public WorkflowCompleted {
        results = Map.copyOf(Objects.requireNonNull(results, "results"));
    }
}
