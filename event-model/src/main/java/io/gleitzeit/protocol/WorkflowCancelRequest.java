package io.gleitzeit.protocol;

/**
 * {@code workflow:cancel}.
 *
 * @param workflowId the workflow
 * @param reason     why, or {@code null}
 */
@WirePayload
public record WorkflowCancelRequest(String workflowId, String reason) {
    public WorkflowCancelRequest {
        Require.text(workflowId, "workflow_id");
    }
}
