package io.gleitzeit.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code task:completed}: a service finished an attempt. A {@code result} that is an object with
 * {@code "success": false} reports a failure, not a success: see {@link #reportedFailure()}.
 *
 * @param taskId      the task
 * @param workflowId  its workflow
 * @param result      any JSON value ({@code null} when absent)
 * @param nodeId      the service
 * @param serviceName the service's name, or {@code null}
 * @param timestamp   when, or {@code null}
 * @param attempt     (ext) the attempt, or {@code null} from services that do not say (the current one)
 * @param usage       (ext) token counts, or {@code null}
 * @param endpointId  (ext) the endpoint that ran it, or {@code null}
 * @param durationMs  (ext) how long the service worked, or {@code null}
 */
@WirePayload
public record TaskCompletion(
        String taskId, String workflowId, JsonNode result, String nodeId, String serviceName,
        @WireTimestamp Instant timestamp, Integer attempt, Usage usage, String endpointId, Long durationMs) {
    /** The message used when a {@code success: false} result carries no usable {@code error}. */
    public static final String UNSPECIFIED_FAILURE = "the service reported success: false without an error";

    public TaskCompletion {
        Require.text(taskId, "task_id");
        result = result == null ? NullNode.getInstance() : result;
        if (durationMs != null) {
            Require.nonNegative(durationMs, "duration_ms");
        }
    }

    /**
     * The protocol's rule for results shaped {@code {"success": false, "error": …}}: such a completion is a failure,
     * and this is its message ({@code error} as text; an {@code error} object's {@code message}, else its JSON).
     * Empty for every other result.
     */
    public Optional<String> reportedFailure() {
        if (!result.isObject()) {
            return Optional.empty();
        }
        JsonNode success = result.get("success");
        if (success == null || !success.isBoolean() || success.booleanValue()) {
            return Optional.empty();
        }
        JsonNode error = result.get("error");
        if (error == null || error.isNull()) {
            return Optional.of(UNSPECIFIED_FAILURE);
        }
        if (error.isTextual()) {
            return Optional.of(error.textValue().isBlank() ? UNSPECIFIED_FAILURE : error.textValue());
        }
        JsonNode message = error.get("message");
        if (message != null && message.isTextual()) {
            return Optional.of(message.textValue());
        }
        return Optional.of(error.toString());
    }
}
