package io.gleitzeit.client;

import java.time.Instant;
import java.util.Map;

/**
 * One workflow in the answer to {@code workflow:list}.
 *
 * @param workflowId  the workflow
 * @param name        its name
 * @param status      {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param totalTasks  how many tasks it has
 * @param taskCounts  tasks per task status
 * @param submittedAt when it was submitted
 * @param finishedAt  when it finished, or {@code null}
 */
public record WorkflowListing(
        String workflowId, String name, String status, int totalTasks, Map<String, Integer> taskCounts,
        Instant submittedAt, Instant finishedAt) {
    public WorkflowListing {
        taskCounts = taskCounts == null ? Map.of() : Map.copyOf(taskCounts);
    }
}
