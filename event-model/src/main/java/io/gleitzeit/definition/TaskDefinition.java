package io.gleitzeit.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One task of a validated workflow document.
 *
 * <p>The fields common to every type are typed here; the type-specific fields ({@code prompt}, {@code model},
 * {@code function}, {@code args}, {@code url}, {@code query}, …) stay as the JSON object {@code parameters}
 * exactly as submitted, because {@code {{Task.result}}} references may stand anywhere in them and are resolved
 * only at dispatch time. The node is never mutated after parsing.
 *
 * @param name         unique within the workflow; dependencies and references use it
 * @param type         what kind of service runs it
 * @param dependencies names of the tasks that must complete first
 * @param retry        attempts and backoff
 * @param timeout      per-attempt limit, or {@code null} for none beyond the workflow's
 * @param priority     dispatch priority
 * @param service      a service name the task is pinned to, or {@code null}
 * @param parameters   the type-specific fields, unresolved
 * @param batch        how the task fans out over a list, or {@code null} for a plain task (left out of the JSON
 *                     then, so definitions recorded before batches existed read and write the same)
 */
public record TaskDefinition(
        String name,
        TaskType type,
        List<String> dependencies,
        RetryPolicy retry,
        Duration timeout,
        Priority priority,
        String service,
        ObjectNode parameters,
        @JsonInclude(JsonInclude.Include.NON_NULL) BatchSpec batch) {

    public TaskDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dependencies = List.copyOf(Objects.requireNonNull(dependencies, "dependencies"));
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** A plain task, not a batch. */
    public TaskDefinition(String name, TaskType type, List<String> dependencies, RetryPolicy retry, Duration timeout,
                          Priority priority, String service, ObjectNode parameters) {
        this(name, type, dependencies, retry, timeout, priority, service, parameters, null);
    }

    /** Whether the task runs its body once per element of a list. */
    public boolean hasBatch() {
        return batch != null;
    }

    /** A text field of {@link #parameters()}, or {@code null} when absent or not text. */
    public String textParameter(String field) {
        var node = parameters.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
