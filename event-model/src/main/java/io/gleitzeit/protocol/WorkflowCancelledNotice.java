package io.gleitzeit.protocol;

import java.time.Instant;

/**
 * {@code workflow:cancelled}, to the workflow's room.
 *
 * @param workflowId the workflow
 * @param timestamp  when
 */
@WirePayload
public record WorkflowCancelledNotice(String workflowId, @WireTimestamp Instant timestamp) {
    public WorkflowCancelledNotice {
        Require.text(workflowId, "workflow_id");
    }
}
