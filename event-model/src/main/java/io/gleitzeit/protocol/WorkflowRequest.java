package io.gleitzeit.protocol;

/**
 * {@code workflow:status} and {@code workflow:subscribe}: a request about one workflow.
 *
 * @param workflowId the workflow
 */
@WirePayload
public record WorkflowRequest(String workflowId) {
    public WorkflowRequest {
        Require.text(workflowId, "workflow_id");
    }
}
