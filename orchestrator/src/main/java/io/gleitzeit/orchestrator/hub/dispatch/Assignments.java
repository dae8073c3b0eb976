package io.gleitzeit.orchestrator.hub.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.state.BatchProgress;
import java.time.Instant;

/**
 * Turns a {@link TaskDispatched} event and its workflow's definition into the {@code task:assign} payload, with
 * every PROTOCOL.md field: the original ones a Python Gleitzeit service reads and the extensions (attempt,
 * idempotency key, endpoint, deadline).
 */
final class Assignments {
    private Assignments() {
    }

    static TaskAssignment of(WorkflowDefinition workflow, TaskDispatched d, Instant dispatchedAt) {
        TaskDefinition task = taskOf(workflow, d.taskId());
        return TaskAssignment.newBuilder(d.taskId(), workflow.workflowId(), d.attempt())
                .taskType(task.type().wireName())
                .taskName(BatchProgress.isUnitId(d.taskId())
                        ? task.name() + "[" + BatchProgress.itemOf(d.taskId()) + "]" : task.name())
                .parameters(d.parameters())
                .priority(task.priority())
                .maxRetries(Math.max(0, task.retry().maxAttempts() - 1))
                .timeout(task.timeout())
                .assignedAt(dispatchedAt)
                .externalTaskType(d.externalTaskType())
                .serviceName(d.target().serviceName())
                .externalParameters(externalParameters(task.type(), d.parameters()))
                .externalTimeout(task.timeout())
                .endpointId(d.target().endpointId())
                .deadline(d.deadline())
                .build();
    }

    /**
     * The task a task id names ({@code <workflow_id>/<index>}, see {@link WorkflowDefinition#taskId(int)}); for a
     * batch unit ({@code <workflow_id>/<index>[<item>]}) its batch task, whose fields the unit runs.
     */
    static TaskDefinition taskOf(WorkflowDefinition workflow, String taskId) {
        String prefix = workflow.workflowId() + "/";
        if (!taskId.startsWith(prefix)) {
            throw new IllegalArgumentException("task " + taskId + " is not of workflow " + workflow.workflowId());
        }
        String task = BatchProgress.isUnitId(taskId) ? BatchProgress.batchOf(taskId) : taskId;
        int index = Integer.parseInt(task.substring(prefix.length()));
        return workflow.tasks().get(index);
    }

    /**
     * What the handler gets: for functions {@code function_name, args, kwargs} (the original's names); for external
     * tasks their {@code parameters} object; for every other type the resolved fields as they are.
     */
    static JsonNode externalParameters(TaskType type, ObjectNode parameters) {
        if (type == TaskType.FUNCTION) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.set("function_name", parameters.has("function") ? parameters.get("function")
                    : JsonNodeFactory.instance.nullNode());
            out.set("args", parameters.has("args") ? parameters.get("args") : JsonNodeFactory.instance.arrayNode());
            out.set("kwargs", parameters.has("kwargs") ? parameters.get("kwargs")
                    : JsonNodeFactory.instance.objectNode());
            return out;
        }
        if (type == TaskType.EXTERNAL && parameters.path("parameters").isObject()) {
            return parameters.get("parameters");
        }
        return parameters;
    }
}
