package io.gleitzeit.protocol;

import java.time.Instant;

/**
 * {@code task:status} (ext), to the workflow's room: a task's status changed. For live views that show every task's
 * state; the PROTOCOL.md events ({@code task:completed}, {@code task:failed}, …) are sent as well.
 *
 * @param taskId     the task
 * @param workflowId its workflow
 * @param taskName   its name
 * @param status     its new status ({@code ready}, {@code dispatched}, {@code running}, {@code retry_waiting},
 *                   {@code completed}, {@code failed}, {@code skipped}, {@code cancelled})
 * @param attempt    the current (or next) attempt
 * @param timestamp  when
 */
@WirePayload
public record TaskStatusNotice(
        String taskId, String workflowId, String taskName, String status, int attempt,
        @WireTimestamp Instant timestamp) {
    public TaskStatusNotice {
        Require.text(taskId, "task_id");
        Require.text(workflowId, "workflow_id");
        Require.text(status, "status");
        Require.nonNegative(attempt, "attempt");
    }
}
