package io.gleitzeit.orchestrator.decider;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.template.ReferenceException;
import io.gleitzeit.definition.template.ReferenceResolver;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.orchestrator.routing.LlmProviders;
import io.gleitzeit.orchestrator.routing.Route;
import io.gleitzeit.orchestrator.routing.RoutingRequest;
import io.gleitzeit.state.ReadyTask;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Hands ready tasks to services: in dispatch order (priority, then document order), each with its references
 * resolved, to the least loaded eligible service (and endpoint, for the internal LLM provider), a retry preferring
 * another one than where it failed; a task no service can take now stays ready.
 */
final class Dispatching {
    private Dispatching() {
    }

    static void dispatchReady(Draft d) {
        expandReadyBatches(d);
        // the ready set is persistent: iterating the one of the start is safe while dispatches change the state
        for (ReadyTask ready : d.state().readyTasks()) {
            if (!d.workflowRunning() || !d.routing().hasCapacity()) {
                return;
            }
            TaskState task = d.task(ready.taskId());
            if (task.status() == TaskStatus.READY) {
                dispatch(d, task);
            }
        }
    }

    /**
     * A ready batch task needs no service: it resolves its list whatever the capacity, so its units queue in the ready
     * set in its place. First, so the dispatch loop that follows sees them.
     */
    private static void expandReadyBatches(Draft d) {
        for (ReadyTask ready : d.state().readyTasks()) {
            if (!d.workflowRunning()) {
                return;
            }
            if (ready.item() == ReadyTask.NO_ITEM) {
                TaskState task = d.task(ready.taskId());
                if (task.status() == TaskStatus.READY && d.state().definitionOf(task).hasBatch()) {
                    Batches.expand(d, task);
                }
            }
        }
    }

    private static void dispatch(Draft d, TaskState task) {
        TaskDefinition def = d.state().definitionOf(task);
        ObjectNode parameters;
        try {
            ReferenceResolver resolver = ReferenceResolver.over(d.state().resultsByName());
            if (d.state().isUnit(task.taskId())) {
                resolver = resolver.withItem(def.batch().itemVariable(), Batches.element(d.state(), task));
            }
            parameters = resolver.resolve(def.parameters());
        } catch (ReferenceException e) {
            failBeforeDispatch(d, task, new TaskError(e.getMessage(), "reference", false));
            return;
        }
        String externalTaskType = def.type() == TaskType.EXTERNAL
                ? text(parameters, "task_type")
                : def.type().externalTaskType();
        if (externalTaskType == null || externalTaskType.isBlank()) {
            failBeforeDispatch(d, task, new TaskError("external task has no task_type", "definition", false));
            return;
        }
        String provider = null;
        String model = null;
        if (def.type().isLlm()) {
            model = text(parameters, "model");
            provider = LlmProviders.resolve(text(parameters, "provider"), model);
            // never mutate the definition's node: the resolver shares it when nothing was resolved
            ObjectNode withProvider = JsonNodeFactory.instance.objectNode();
            withProvider.setAll(parameters);
            withProvider.put("provider", provider);
            parameters = withProvider;
        }
        String function = def.type() == TaskType.FUNCTION ? text(parameters, "function") : null;
        RoutingRequest request = new RoutingRequest(externalTaskType, function, provider, model, def.service())
                .forAttempt(task.taskId(), task.attempt());
        if (task.target() != null && task.lastError() != null) {
            // a retry: prefer another service or endpoint than the one its last attempt failed on
            request = request.avoiding(task.target());
        }
        Optional<Route> route = d.routing().route(request);
        if (route.isEmpty()) {
            return;
        }
        Instant deadline = def.timeout() == null ? null : d.now().plus(def.timeout());
        d.emit(new TaskDispatched(task.taskId(), task.attempt(), route.get().target(), route.get().decision(),
                externalTaskType, parameters, deadline));
        d.dispatchedTo(route.get().target());
        if (deadline != null) {
            d.schedule(TimerKind.TASK_TIMEOUT, task.taskId(), task.attempt(), deadline);
        }
    }

    static void failBeforeDispatch(Draft d, TaskState task, TaskError error) {
        d.emit(new TaskFailed(task.taskId(), task.attempt(), error));
        Outcomes.afterFailure(d, task.taskId());
    }

    private static String text(ObjectNode node, String field) {
        var value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
