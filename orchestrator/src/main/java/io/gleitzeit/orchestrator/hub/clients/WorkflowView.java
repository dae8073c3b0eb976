package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.orchestrator.hub.rooms.StatusNames;
import io.gleitzeit.state.TaskCounts;
import io.gleitzeit.state.WorkflowState;
import java.time.Instant;
import java.util.List;

/**
 * The {@code workflow} of the answer to {@code workflow:status}: the fold of the workflow's events.
 *
 * @param workflowId     the workflow
 * @param name           its name
 * @param status         {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param reason         why it failed or was cancelled, or {@code null}
 * @param submittedBy    who submitted it
 * @param submittedAt    when
 * @param finishedAt     when it reached its terminal status, or {@code null}
 * @param totalTasks     how many tasks it has
 * @param completedTasks how many completed
 * @param failedTasks    how many failed for good
 * @param skippedTasks   how many were skipped (a dependency failed, or the workflow stopped)
 * @param cancelledTasks how many were cancelled
 * @param version        the version of the last event folded in, for clients that compare snapshots
 * @param tasks          every task, in document order
 */
public record WorkflowView(
        String workflowId, String name, String status, String reason, String submittedBy, Instant submittedAt,
        Instant finishedAt, int totalTasks, int completedTasks, int failedTasks, int skippedTasks, int cancelledTasks,
        long version, List<TaskView> tasks) {

    public WorkflowView {
        tasks = List.copyOf(tasks);
    }

    /** The view of a submitted workflow's state. */
    public static WorkflowView of(WorkflowState state) {
        TaskCounts counts = state.counts();
        return new WorkflowView(state.workflowId(), state.definition().name(), StatusNames.of(state.status()),
                state.statusReason(), state.submittedBy(), state.submittedAt(), state.finishedAt(), counts.total(),
                counts.completed(), counts.failed(), counts.skipped(), counts.cancelled(), state.version(),
                state.tasksInOrder().stream().map(TaskView::of).toList());
    }
}
