package io.gleitzeit.protocol;

/**
 * {@code task:cancel}: stop work on a task. The service emits nothing more for it.
 *
 * @param taskId     the task
 * @param workflowId its workflow
 * @param reason     why, or {@code null}
 * @param attempt    (ext) the attempt to stop, or {@code null} for whichever runs
 */
@WirePayload
public record TaskCancellation(String taskId, String workflowId, String reason, Integer attempt) {
    public TaskCancellation {
        Require.text(taskId, "task_id");
    }
}
