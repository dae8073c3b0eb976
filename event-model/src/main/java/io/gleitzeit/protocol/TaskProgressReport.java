package io.gleitzeit.protocol;

import java.time.Instant;

/**
 * {@code task:progress}: how far an attempt is, relayed to the workflow's subscribers.
 *
 * @param taskId     the task
 * @param workflowId its workflow
 * @param progress   0–100 (clamped)
 * @param message    what is happening, or {@code null}
 * @param nodeId     the service
 * @param timestamp  when, or {@code null}
 * @param chunk      (ext) a piece of streamed LLM text, or {@code null}
 * @param attempt    (ext) the attempt, or {@code null} when not said
 */
@WirePayload
public record TaskProgressReport(
        String taskId, String workflowId, double progress, String message, String nodeId,
        @WireTimestamp Instant timestamp, String chunk, Integer attempt) {
    public TaskProgressReport {
        Require.text(taskId, "task_id");
        progress = Double.isNaN(progress) ? 0 : Math.max(0, Math.min(100, progress));
    }
}
