package io.gleitzeit.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;

/**
 * {@code task:completed} as the workflow's room sees it.
 *
 * @param taskId     the task
 * @param workflowId its workflow
 * @param result     its result
 * @param timestamp  when
 * @param taskName   (ext) the task's name, or {@code null}
 */
@WirePayload
public record TaskCompletedNotice(
        String taskId, String workflowId, JsonNode result, @WireTimestamp Instant timestamp, String taskName) {
    public TaskCompletedNotice {
        Require.text(taskId, "task_id");
        result = result == null ? NullNode.getInstance() : result;
    }
}
