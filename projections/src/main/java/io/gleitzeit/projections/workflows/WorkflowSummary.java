package io.gleitzeit.projections.workflows;

import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One workflow, as {@code workflow:list} shows it.
 *
 * @param workflowId  the workflow
 * @param name        its display name
 * @param status      where it stands
 * @param totalTasks  how many tasks it has
 * @param taskCounts  tasks per status (every status present, zero included)
 * @param submittedAt when it was submitted
 * @param finishedAt  when it reached a terminal status, or {@code null}
 */
public record WorkflowSummary(
        String workflowId, String name, WorkflowStatus status, int totalTasks, Map<TaskStatus, Integer> taskCounts,
        Instant submittedAt, Instant finishedAt) {
    public WorkflowSummary {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submittedAt, "submittedAt");
        EnumMap<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            counts.put(s, 0);
        }
        if (taskCounts != null) {
            counts.putAll(taskCounts);
        }
        taskCounts = java.util.Collections.unmodifiableMap(counts);
    }

    /** Tasks in {@code status}. */
    public int count(TaskStatus status) {
        return taskCounts.get(status);
    }
}
