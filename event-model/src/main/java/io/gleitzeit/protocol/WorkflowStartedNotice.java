package io.gleitzeit.protocol;

import java.time.Instant;

/**
 * {@code workflow:started}, to the workflow's room.
 *
 * @param workflowId the workflow
 * @param name       its name
 * @param totalTasks how many tasks it has
 * @param timestamp  when
 */
@WirePayload
public record WorkflowStartedNotice(String workflowId, String name, int totalTasks, @WireTimestamp Instant timestamp) {
    public WorkflowStartedNotice {
        Require.text(workflowId, "workflow_id");
        Require.nonNegative(totalTasks, "total_tasks");
    }
}
