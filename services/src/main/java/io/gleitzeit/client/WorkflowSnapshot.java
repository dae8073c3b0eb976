package io.gleitzeit.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A workflow as {@code workflow:status} answers it: the fold of its events.
 *
 * @param workflowId     the workflow
 * @param name           its name
 * @param status         {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param reason         why it failed or was cancelled, or {@code null}
 * @param submittedBy    who submitted it
 * @param submittedAt    when
 * @param finishedAt     when it finished, or {@code null}
 * @param totalTasks     how many tasks it has
 * @param completedTasks how many completed
 * @param failedTasks    how many failed for good
 * @param skippedTasks   how many were skipped
 * @param cancelledTasks how many were cancelled
 * @param version        the version of the last event folded in
 * @param tasks          every task, in document order
 */
public record WorkflowSnapshot(
        String workflowId, String name, String status, String reason, String submittedBy, Instant submittedAt,
        Instant finishedAt, int totalTasks, int completedTasks, int failedTasks, int skippedTasks, int cancelledTasks,
        long version, List<TaskSnapshot> tasks) {
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    public WorkflowSnapshot {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** Whether the workflow has finished (completed, failed or cancelled). */
    public boolean isFinished() {
        return TERMINAL.contains(status);
    }
}
