package io.gleitzeit.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code workflow:completed}, to the workflow's room, whatever the outcome.
 *
 * @param workflowId     the workflow
 * @param status         {@code completed}, {@code failed} or {@code cancelled}
 * @param completedTasks how many tasks completed
 * @param failedTasks    how many failed
 * @param results        results keyed by task name
 * @param errors         error messages keyed by task name
 * @param timestamp      when
 */
@WirePayload
public record WorkflowCompletedNotice(
        String workflowId, String status, int completedTasks, int failedTasks, Map<String, JsonNode> results,
        Map<String, String> errors, @WireTimestamp Instant timestamp) {
    public WorkflowCompletedNotice {
        Require.text(workflowId, "workflow_id");
        Require.nonNegative(completedTasks, "completed_tasks");
        Require.nonNegative(failedTasks, "failed_tasks");
        // Insertion order is kept: clients show results in task order.
        results = results == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(results));
        errors = errors == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }
}
