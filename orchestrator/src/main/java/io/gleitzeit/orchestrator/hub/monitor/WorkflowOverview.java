package io.gleitzeit.orchestrator.hub.monitor;

import io.gleitzeit.projections.workflows.WorkflowSummary;
import io.gleitzeit.state.TaskStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One workflow in the answer to {@code monitor:workflows}: its stored summary in wire form (lower-case statuses,
 * ISO times).
 *
 * @param workflowId  the workflow
 * @param name        its name
 * @param status      {@code running}, {@code completed}, {@code failed} or {@code cancelled}
 * @param totalTasks  how many tasks it has
 * @param taskCounts  tasks per status ({@code pending}, {@code ready}, {@code running}, …), zeros left out
 * @param submittedAt when it was submitted
 * @param finishedAt  when it finished, or {@code null}
 */
public record WorkflowOverview(
        String workflowId, String name, String status, int totalTasks, Map<String, Integer> taskCounts,
        Instant submittedAt, Instant finishedAt) {

    static WorkflowOverview of(WorkflowSummary summary) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TaskStatus s : TaskStatus.values()) {
            int n = summary.count(s);
            if (n > 0) {
                counts.put(wireName(s), n);
            }
        }
        return new WorkflowOverview(summary.workflowId(), summary.name(), wireName(summary.status()),
                summary.totalTasks(), Map.copyOf(counts), summary.submittedAt(), summary.finishedAt());
    }

    static String wireName(Enum<?> status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
