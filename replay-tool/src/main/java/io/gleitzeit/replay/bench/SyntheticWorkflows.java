package io.gleitzeit.replay.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.RetryPolicy;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Synthetic, valid workflow histories for the fold benchmark: a chain of function tasks, each made ready,
 * dispatched (with a routing decision over two candidates), accepted and completed.
 */
final class SyntheticWorkflows {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private SyntheticWorkflows() {
    }

    /** The events of one workflow of {@code tasks} chained tasks: {@code 2 + 4 × tasks} events. */
    static List<EventEnvelope<WorkflowEvent>> history(String workflowId, int tasks) {
        List<TaskDefinition> defs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            ObjectNode params = JSON.objectNode().put("function", "step").put("input", "{{T" + Math.max(0, i - 1)
                    + ".result}}");
            defs.add(new TaskDefinition("T" + i, TaskType.FUNCTION, i == 0 ? List.of() : List.of("T" + (i - 1)),
                    RetryPolicy.NONE, null, Priority.NORMAL, null, params));
        }
        WorkflowDefinition definition = new WorkflowDefinition(workflowId, "bench", ErrorStrategy.STOP, null,
                JSON.objectNode(), defs);
        List<WorkflowEvent> payloads = new ArrayList<>(2 + 4 * tasks);
        payloads.add(new WorkflowSubmitted(definition, "bench"));
        DispatchTarget target = new DispatchTarget("svc-1", "functions", "hub-1", null);
        RoutingDecision routing = new RoutingDecision("least_loaded", List.of(
                new CandidateLoad("svc-1", null, 1, 8, 12.5, false, true),
                new CandidateLoad("svc-2", null, 3, 8, 20.0, false, true)), "fewest in flight");
        for (int i = 0; i < tasks; i++) {
            String taskId = definition.taskId(i);
            payloads.add(new TaskReady(taskId, 1));
            payloads.add(new TaskDispatched(taskId, 1, target, routing, "python_execution",
                    JSON.objectNode().put("function", "step").put("input", i), null));
            payloads.add(new TaskAccepted(taskId, 1, "svc-1"));
            payloads.add(new TaskCompleted(taskId, 1, JSON.numberNode(i), null, 3L, "svc-1", null));
        }
        payloads.add(new WorkflowCompleted(tasks, Map.of()));
        List<EventEnvelope<WorkflowEvent>> events = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            long version = i + 1L;
            events.add(new EventEnvelope<>(workflowId + ":" + version, workflowId, version, T0.plusMillis(i),
                    "cmd-" + version, workflowId, "bench", payloads.get(i)));
        }
        return events;
    }
}
