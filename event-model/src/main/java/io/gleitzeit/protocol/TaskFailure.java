package io.gleitzeit.protocol;

import java.time.Instant;

/**
 * {@code task:failed}: an attempt failed. It is retried according to the task's policy unless {@code retryable}
 * is {@code false}.
 *
 * @param taskId      the task
 * @param workflowId  its workflow
 * @param error       what went wrong, human-readable (a default when absent)
 * @param nodeId      the service
 * @param timestamp   when, or {@code null}
 * @param attempt     (ext) the attempt, or {@code null} from services that do not say (the current one)
 * @param errorType   (ext) a classification such as {@code timeout}, {@code invalid_argument}, an exception name;
 *                    {@code error} when absent
 * @param retryable   (ext) whether another attempt may succeed; {@code true} when absent, as in the original
 * @param serviceName the service's name, or {@code null}
 */
@WirePayload
public record TaskFailure(
        String taskId, String workflowId, String error, String nodeId, @WireTimestamp Instant timestamp,
        Integer attempt, String errorType, Boolean retryable, String serviceName) {
    /** The {@code error_type} when a service names none. */
    public static final String DEFAULT_ERROR_TYPE = "error";
    /** The {@code error_type} of an attempt that ran out of time. */
    public static final String TIMEOUT = "timeout";

    public TaskFailure {
        Require.text(taskId, "task_id");
        error = error == null || error.isBlank() ? "the service reported a failure without a message" : error;
        errorType = errorType == null || errorType.isBlank() ? DEFAULT_ERROR_TYPE : errorType;
        retryable = retryable == null ? Boolean.TRUE : retryable;
    }
}
