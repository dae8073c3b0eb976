package io.gleitzeit.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowFailed;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where events and commands carry payloads of the workflow's own data, which may be large and so may be stored by
 * reference: a task's result ({@link TaskCompleted}, {@link ReportTaskCompleted}), each parameter of a dispatch
 * ({@link TaskDispatched}: references resolved into it), and each result of a workflow's end ({@link WorkflowCompleted},
 * {@link WorkflowFailed}). Every other field is small by construction or bounded elsewhere (a workflow document by
 * its size limit, error and progress texts by {@link LargePayloads#shorten}).
 */
final class PayloadSlots {
    private PayloadSlots() {
    }

    /**
     * {@code event} with each slot's value passed through {@code f}, always in the same order; the same instance when
     * {@code f} returned every value unchanged.
     */
    static Event map(Event event, UnaryOperator<JsonNode> f) {
        if (event instanceof TaskCompleted c) {
            JsonNode result = f.apply(c.result());
            return result == c.result() ? c : new TaskCompleted(c.taskId(), c.attempt(), result, c.usage(),
                    c.durationMs(), c.serviceId(), c.endpointId());
        } else if (event instanceof TaskDispatched d) {
            ObjectNode parameters = mapFields(d.parameters(), f);
            return parameters == d.parameters() ? d : new TaskDispatched(d.taskId(), d.attempt(), d.target(),
                    d.routing(), d.externalTaskType(), parameters, d.deadline());
        } else if (event instanceof WorkflowCompleted c) {
            Map<String, JsonNode> results = mapValues(c.results(), f);
            return results == c.results() ? c : new WorkflowCompleted(c.completedTasks(), results);
        } else if (event instanceof WorkflowFailed w) {
            Map<String, JsonNode> results = mapValues(w.results(), f);
            return results == w.results() ? w : new WorkflowFailed(w.reason(), w.completedTasks(), w.failedTasks(),
                    results, w.errors());
        }
        return event;
    }

    /** As {@link #map(Event, UnaryOperator)}, for a command. */
    static WorkflowCommand map(WorkflowCommand command, UnaryOperator<JsonNode> f) {
        if (command instanceof ReportTaskCompleted c) {
            JsonNode result = f.apply(c.result());
            return result == c.result() ? c : new ReportTaskCompleted(c.taskId(), c.attempt(), result, c.usage(),
                    c.durationMs(), c.serviceId(), c.endpointId());
        }
        return command;
    }

    private static ObjectNode mapFields(ObjectNode node, UnaryOperator<JsonNode> f) {
        ObjectNode copy = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = f.apply(field.getValue());
            if (value != field.getValue()) {
                if (copy == null) {
                    copy = JsonNodeFactory.instance.objectNode();
                    copy.setAll(node);
                }
                copy.set(field.getKey(), value);
            }
        }
        return copy == null ? node : copy;
    }

    private static Map<String, JsonNode> mapValues(Map<String, JsonNode> values, UnaryOperator<JsonNode> f) {
        Map<String, JsonNode> mapped = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            JsonNode value = f.apply(entry.getValue());
            changed |= value != entry.getValue();
            mapped.put(entry.getKey(), value);
        }
        return changed ? mapped : values;
    }
}
