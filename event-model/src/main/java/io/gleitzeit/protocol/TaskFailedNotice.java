package io.gleitzeit.protocol;

import java.time.Instant;

/**
 * {@code task:failed} as the workflow's room sees it.
 *
 * @param taskId     the task
 * @param workflowId its workflow
 * @param error      what went wrong
 * @param timestamp  when
 * @param taskName   (ext) the task's name, or {@code null}
 */
@WirePayload
public record TaskFailedNotice(
        String taskId, String workflowId, String error, @WireTimestamp Instant timestamp, String taskName) {
    public TaskFailedNotice {
        Require.text(taskId, "task_id");
        error = error == null ? "" : error;
    }
}
