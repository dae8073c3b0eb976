package io.gleitzeit.protocol;

/**
 * {@code workflow:status_response}: the legacy answer to {@code workflow:status} (the ack is preferred).
 *
 * @param workflowId the workflow
 * @param status     its status
 */
@WirePayload
public record WorkflowStatusResponse(String workflowId, String status) {
    public WorkflowStatusResponse {
        Require.text(workflowId, "workflow_id");
    }
}
