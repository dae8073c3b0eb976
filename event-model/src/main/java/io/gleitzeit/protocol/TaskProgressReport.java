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
 * @param endpointId (ext) the endpoint the attempt runs on from now on, sent when the service moved it to another of
 *                   its endpoints (failover within the attempt), else {@code null}
 */
@WirePayload
public record TaskProgressReport(
        String taskId, String workflowId, double progress, String message, String nodeId,
        @WireTimestamp Instant timestamp, String chunk, Integer attempt, String endpointId) {
    public TaskProgressReport {
        Require.text(taskId, "task_id");
        progress = Double.isNaN(progress) ? 0 : Math.max(0, Math.min(100, progress));
    }

    /** A report that names no endpoint. */
    public TaskProgressReport(String taskId, String workflowId, double progress, String message, String nodeId,
                              Instant timestamp, String chunk, Integer attempt) {
        this(taskId, workflowId, progress, message, nodeId, timestamp, chunk, attempt, null);
    }
}
