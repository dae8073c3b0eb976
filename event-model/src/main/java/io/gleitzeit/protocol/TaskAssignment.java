package io.gleitzeit.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code task:assign}: the hub asks a service to run one attempt of a task. Sent with an ack callback (ext) that the
 * service answers on receipt; a repeated assignment with the same {@link #idempotencyKey()} must not run twice.
 *
 * @param taskId             the task
 * @param workflowId         its workflow
 * @param taskType           the document type ({@code text}, {@code function}, …)
 * @param taskName           the task's name in its workflow
 * @param parameters         the task's resolved fields, an object (empty when absent)
 * @param priority           dispatch priority, or {@code null}
 * @param maxRetries         attempts after the first that the policy allows
 * @param timeout            per-attempt limit in seconds on the wire, or {@code null}
 * @param assignedAt         when the hub dispatched it, or {@code null}
 * @param externalTaskType   the handler to use, e.g. {@code python_execution}, {@code llm_generation}
 * @param serviceName        the service it was routed to, or {@code null}
 * @param externalParameters the handler's input (for functions {@code function_name, args, kwargs}); empty when absent
 * @param externalTimeout    the handler's limit in seconds on the wire, or {@code null}
 * @param attempt            (ext) which attempt, from 1 (absent means 1)
 * @param idempotencyKey     (ext) {@code <task_id>:<attempt>}; derived when absent
 * @param endpointId         (ext) the endpoint the hub chose, or {@code null}
 * @param deadline           (ext) the attempt must finish by then, or {@code null}
 */
@WirePayload
public record TaskAssignment(
        String taskId, String workflowId, String taskType, String taskName, JsonNode parameters, Priority priority,
        int maxRetries, @WireSeconds Duration timeout, @WireTimestamp Instant assignedAt, String externalTaskType,
        String serviceName, JsonNode externalParameters, @WireSeconds Duration externalTimeout, int attempt,
        String idempotencyKey, String endpointId, @WireTimestamp Instant deadline) {

    public TaskAssignment {
        Require.text(taskId, "task_id");
        Require.nonNegative(maxRetries, "max_retries");
        parameters = objectOrEmpty(parameters);
        externalParameters = objectOrEmpty(externalParameters);
        attempt = Math.max(1, attempt);
        idempotencyKey = idempotencyKey == null || idempotencyKey.isBlank() ? keyOf(taskId, attempt) : idempotencyKey;
    }

    /** The idempotency key of an attempt: {@code <task_id>:<attempt>}. */
    public static String keyOf(String taskId, int attempt) {
        return taskId + ":" + attempt;
    }

    /** The handler name: {@link #externalTaskType()}, else {@link #taskType()}. */
    @JsonIgnore
    public String handlerType() {
        return externalTaskType != null && !externalTaskType.isBlank() ? externalTaskType : taskType;
    }

    /**
     * The time limit of the attempt: the shorter of {@link #externalTimeout()} and {@link #timeout()}; a zero limit
     * means none.
     */
    @JsonIgnore
    public Optional<Duration> timeLimit() {
        Duration limit = null;
        for (Duration candidate : new Duration[] {externalTimeout, timeout}) {
            if (candidate != null && !candidate.isZero() && (limit == null || candidate.compareTo(limit) < 0)) {
                limit = candidate;
            }
        }
        return Optional.ofNullable(limit);
    }

    private static JsonNode objectOrEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode()
                ? JsonNodeFactory.instance.objectNode() : node;
    }

    /** Starts an assignment of the given attempt; the remaining fields are set on the builder. */
    public static Builder newBuilder(String taskId, String workflowId, int attempt) {
        return new Builder(taskId, workflowId, attempt);
    }

    /** Builds assignments; used by the hub and by tests. */
    public static final class Builder {
        private final String taskId;
        private final String workflowId;
        private final int attempt;
        private String taskType;
        private String taskName;
        private JsonNode parameters;
        private Priority priority;
        private int maxRetries;
        private Duration timeout;
        private Instant assignedAt;
        private String externalTaskType;
        private String serviceName;
        private JsonNode externalParameters;
        private Duration externalTimeout;
        private String endpointId;
        private Instant deadline;

        private Builder(String taskId, String workflowId, int attempt) {
            this.taskId = Objects.requireNonNull(taskId, "taskId");
            this.workflowId = workflowId;
            this.attempt = attempt;
        }

        public Builder taskType(String taskType) {
            this.taskType = taskType;
            return this;
        }

        public Builder taskName(String taskName) {
            this.taskName = taskName;
            return this;
        }

        public Builder parameters(JsonNode parameters) {
            this.parameters = parameters;
            return this;
        }

        public Builder priority(Priority priority) {
            this.priority = priority;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder assignedAt(Instant assignedAt) {
            this.assignedAt = assignedAt;
            return this;
        }

        public Builder externalTaskType(String externalTaskType) {
            this.externalTaskType = externalTaskType;
            return this;
        }

        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        public Builder externalParameters(JsonNode externalParameters) {
            this.externalParameters = externalParameters;
            return this;
        }

        public Builder externalTimeout(Duration externalTimeout) {
            this.externalTimeout = externalTimeout;
            return this;
        }

        public Builder endpointId(String endpointId) {
            this.endpointId = endpointId;
            return this;
        }

        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        public TaskAssignment build() {
            return new TaskAssignment(taskId, workflowId, taskType, taskName, parameters, priority, maxRetries,
                    timeout, assignedAt, externalTaskType, serviceName, externalParameters, externalTimeout, attempt,
                    null, endpointId, deadline);
        }
    }
}
