package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.orchestrator.hub.rooms.StatusNames;
import io.gleitzeit.projections.workflows.WorkflowSummary;
import io.gleitzeit.state.TaskStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One workflow in the answer to {@code workflow:list}.
 *
 * @param workflowId  the workflow
 * @param name        its name
 * @param status      {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param totalTasks  how many tasks it has
 * @param taskCounts  tasks per task status (every status, zeros included)
 * @param submittedAt when it was submitted
 * @param finishedAt  when it finished, or {@code null}
 */
public record SummaryView(
        String workflowId, String name, String status, int totalTasks, Map<String, Integer> taskCounts,
        Instant submittedAt, Instant finishedAt) {

    static SummaryView of(WorkflowSummary s) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(StatusNames.of(status), s.count(status));
        }
        return new SummaryView(s.workflowId(), s.name(), StatusNames.of(s.status()), s.totalTasks(), counts,
                s.submittedAt(), s.finishedAt());
    }
}
