package io.gleitzeit.event.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.TokenUsage;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance of every concrete event type, for tests that must show that a fold, projection or describer handles
 * each of them (their {@code instanceof} chains end in a throw). {@link #concreteTypes()} lists the permitted types
 * from the sealed hierarchy, so a new event type fails such a test until it has a sample here.
 */
public final class EventSamples {
    public static final String WORKFLOW = "wf-samples";
    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventSamples() {
    }

    /** The workflow the samples' task events belong to: tasks {@code <id>/0} and {@code <id>/1}. */
    public static WorkflowDefinition definition() {
        return Workflows.workflow(WORKFLOW).name("samples").function("A", "a").function("B", "b", "A").build();
    }

    /** Workflow events (the submission first), one of each workflow event type. */
    public static List<WorkflowEvent> workflowEvents() {
        String a = WORKFLOW + "/0";
        String b = WORKFLOW + "/1";
        DispatchTarget target = new DispatchTarget("svc", "svc-name", "hub-1", "gpu-a");
        return List.of(
                new WorkflowSubmitted(definition(), "tester"),
                new TaskReady(a, 1),
                new TaskDispatched(a, 1, target, new RoutingDecision("least_loaded", List.of(), "sample"),
                        "python_execution", JSON.objectNode().put("provider", "internal"), T0.plusSeconds(60)),
                new TaskAccepted(a, 1, "svc"),
                new TaskProgressed(a, 1, 50, "half"),
                new TaskEndpointSwitched(a, 1, "gpu-a", "gpu-b"),
                new TaskFailed(a, 1, new TaskError("boom", "RuntimeError", true)),
                new TaskRetryScheduled(a, 2, Duration.ofSeconds(1), T0.plusSeconds(1)),
                new TaskReady(a, 2),
                new TaskDispatched(a, 2, target, new RoutingDecision("least_loaded", List.of(), "sample"),
                        "python_execution", JSON.objectNode(), null),
                new TaskTimedOut(a, 2, Duration.ofSeconds(30)),
                new TaskCompleted(a, 2, JSON.textNode("late"), new TokenUsage(1, 2), 10L, "svc", "gpu-a"),
                new TaskResultDiscarded(a, 1, "stale attempt"),
                new TaskCancelled(a, 2, "cancelled"),
                new TaskSkipped(b, "dependency failed"),
                new TaskBatchExpanded(b, 1, 2),
                new WorkflowCompleted(1, Map.of("A", JSON.textNode("x"))),
                new WorkflowFailed("A failed", 0, 1, Map.of(), Map.of("A", "boom")),
                new WorkflowCancelled("operator", "alice"),
                new UnknownEvent("workflow.paused", 7, JSON.objectNode()));
    }

    /** Cluster events, one of each cluster event type. */
    public static List<ClusterEvent> clusterEvents() {
        return List.of(
                new ServiceRegistered("svc", "svc-name", "llm", "hub-1", List.of("llm_generation"), 2, List.of(),
                        List.of("llama3"), List.of("internal"),
                        List.of(new EndpointInfo("gpu-a", "http://a:11434", List.of("llama3"), "A100", 2)), "1.0"),
                new EndpointStatusReported("svc", "gpu-a", true, 1, List.of("llama3"), 1L, 2L, 10.0),
                new EventParked("gz:{p0}:commands", "1-0", "decider", WORKFLOW, 5, "poison"),
                new ServiceDisconnected("svc", "socket closed"),
                new UnknownEvent("service.paused", 2, JSON.objectNode()));
    }

    /** The workflow events as envelopes with versions 1, 2, … one second apart. */
    public static List<EventEnvelope<WorkflowEvent>> workflowEnvelopes() {
        List<EventEnvelope<WorkflowEvent>> out = new ArrayList<>();
        long v = 0;
        for (WorkflowEvent e : workflowEvents()) {
            v++;
            out.add(new EventEnvelope<>(WORKFLOW + ":" + v, WORKFLOW, v, T0.plusSeconds(v), "c" + v, WORKFLOW,
                    "sample", e));
        }
        return out;
    }

    /** The cluster events as envelopes, one second apart. */
    public static List<EventEnvelope<ClusterEvent>> clusterEnvelopes() {
        List<EventEnvelope<ClusterEvent>> out = new ArrayList<>();
        int i = 0;
        for (ClusterEvent e : clusterEvents()) {
            i++;
            out.add(new EventEnvelope<>("cluster-" + i, null, 0, T0.plusSeconds(i), null, null, "sample", e));
        }
        return out;
    }

    /** Every concrete class permitted under {@link Event}. */
    public static List<Class<?>> concreteTypes() {
        List<Class<?>> out = new ArrayList<>();
        collect(Event.class, out);
        return out;
    }

    /** The concrete classes the samples cover. */
    public static List<Class<?>> sampledTypes() {
        List<Class<?>> out = new ArrayList<>();
        workflowEvents().forEach(e -> addOnce(out, e.getClass()));
        clusterEvents().forEach(e -> addOnce(out, e.getClass()));
        return out;
    }

    private static void collect(Class<?> type, List<Class<?>> out) {
        for (Class<?> sub : type.getPermittedSubclasses()) {
            if (sub.isSealed()) {
                collect(sub, out);
            } else {
                addOnce(out, sub);
            }
        }
    }

    private static void addOnce(List<Class<?>> out, Class<?> type) {
        if (!out.contains(type)) {
            out.add(type);
        }
    }
}
