package io.gleitzeit.protocol;

/**
 * {@code task:accepted}: a service started an attempt.
 *
 * @param taskId     the task
 * @param workflowId its workflow
 * @param nodeId     the service
 * @param attempt    (ext) the attempt started, or {@code null} from services that do not say (the current one)
 */
@WirePayload
public record TaskAcceptance(String taskId, String workflowId, String nodeId, Integer attempt) {
    public TaskAcceptance {
        Require.text(taskId, "task_id");
    }
}
