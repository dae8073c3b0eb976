package io.gleitzeit.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * An attempt was handed to a service. The hub holding the target's socket turns this into {@code task:assign}; its
 * idempotency key is {@code <task_id>:<attempt>}.
 *
 * @param taskId           the task
 * @param attempt          1-based attempt number
 * @param target           the chosen service and endpoint
 * @param routing          the figures behind the choice
 * @param externalTaskType the handler asked for ({@code llm_generation}, {@code python_execution}, …)
 * @param parameters       the task's parameters with every {@code {{…}}} reference resolved
 * @param deadline         when the attempt times out, or {@code null} for none
 */
public record TaskDispatched(
        String taskId, int attempt, DispatchTarget target, RoutingDecision routing, String externalTaskType,
        ObjectNode parameters, Instant deadline) implements TaskEvent {
    public TaskDispatched {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(routing, "routing");
        Checks.text(externalTaskType, "externalTaskType");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** The key a service de-duplicates by. */
    public String idempotencyKey() {
        return taskId + ":" + attempt;
    }
}
