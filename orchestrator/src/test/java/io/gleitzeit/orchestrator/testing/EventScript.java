package io.gleitzeit.orchestrator.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.redis.RedisEventLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends histories to a real event log, as the orchestrator and the hub would: each {@link #commit} is one
 * append with the expected version, cluster events go to the cluster stream. Times are the wall clock, so that the
 * monitors' figures (uptime, last heartbeat) look like a live cluster's.
 */
public final class EventScript {
    private final RedisEventLog log;
    private final Clock clock;
    private final Map<String, Long> versions = new HashMap<>();
    private int ids;

    public EventScript(RedisEventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** One commit of {@code workflowId} holding {@code events}. */
    public synchronized EventScript commit(String workflowId, WorkflowEvent... events) {
        long expected = versions.getOrDefault(workflowId, 0L);
        List<EventEnvelope<WorkflowEvent>> envelopes = new ArrayList<>();
        long v = expected;
        for (WorkflowEvent e : events) {
            v++;
            envelopes.add(new EventEnvelope<>(workflowId + ":" + v, workflowId, v, clock.instant(),
                    "script-" + (++ids), workflowId, "script", e));
        }
        log.append(new AppendRequest(workflowId, AppendCondition.expectVersion(expected), envelopes, List.of(),
                ReadyQueueChange.UNCHANGED)).toCompletableFuture().join();
        versions.put(workflowId, v);
        return this;
    }

    /** The submission of {@code definition} with its first task ready. */
    public EventScript submit(WorkflowDefinition definition) {
        return commit(definition.workflowId(), new WorkflowSubmitted(definition, "script"),
                new TaskReady(definition.taskId(0), 1));
    }

    /** A cluster event. */
    public synchronized EventScript cluster(ClusterEvent event) {
        log.appendClusterEvent(new EventEnvelope<>("cluster-" + (++ids), null, 0, clock.instant(), null, null,
                "script", event)).toCompletableFuture().join();
        return this;
    }

    public EventScript register(String serviceId, String type, int maxConcurrent, List<String> taskTypes,
                                EndpointInfo... endpoints) {
        return cluster(new ServiceRegistered(serviceId, serviceId + "-name", type, "hub-1", taskTypes,
                maxConcurrent, List.of(), List.of(), List.of(), List.of(endpoints), "1.0"));
    }

    public EventScript disconnect(String serviceId) {
        return cluster(new ServiceDisconnected(serviceId, "socket closed"));
    }

    public EventScript report(String serviceId, String endpointId, boolean healthy, long used, long total) {
        return cluster(new EndpointStatusReported(serviceId, endpointId, healthy, 0, List.of("llama3"), used, total,
                42.0));
    }

    public static TaskDispatched dispatched(String taskId, int attempt, String serviceId, String endpointId) {
        return new TaskDispatched(taskId, attempt, new DispatchTarget(serviceId, serviceId + "-name", "hub-1",
                endpointId), new RoutingDecision("least_loaded", List.of(), "script"), "python_execution",
                JsonNodeFactory.instance.objectNode(), null);
    }

    public static TaskCompleted completed(String taskId, int attempt, String serviceId, Long durationMs) {
        return new TaskCompleted(taskId, attempt, JsonNodeFactory.instance.textNode("done"), null, durationMs,
                serviceId, null);
    }

    public static WorkflowCompleted workflowCompleted(int tasks) {
        return new WorkflowCompleted(tasks, Map.of());
    }
}
