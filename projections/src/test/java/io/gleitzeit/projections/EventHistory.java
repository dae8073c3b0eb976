package io.gleitzeit.projections;

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
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.redis.RedisEventLog;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes histories into a real event log for the projections' tests: each {@link #commit} is one append (one entry
 * of the partition's event stream), cluster events go to the cluster stream. A test clock moves one second per
 * event so that times are distinct and predictable.
 */
final class EventHistory {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final RedisEventLog log;
    private final Map<String, Long> versions = new HashMap<>();
    private Instant now = T0;
    private int ids;

    EventHistory(RedisEventLog log) {
        this.log = log;
    }

    Instant now() {
        return now;
    }

    /** Moves the clock. */
    EventHistory advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** One commit of {@code workflowId} holding {@code events}, appended after the workflow's last version. */
    EventHistory commit(String workflowId, WorkflowEvent... events) {
        now = now.plusSeconds(1);
        long expected = versions.getOrDefault(workflowId, 0L);
        List<EventEnvelope<WorkflowEvent>> envelopes = new ArrayList<>();
        long v = expected;
        for (WorkflowEvent e : events) {
            v++;
            envelopes.add(new EventEnvelope<>(workflowId + ":" + v, workflowId, v, now, "test-" + (++ids),
                    workflowId, "test", e));
        }
        log.append(new AppendRequest(workflowId, AppendCondition.expectVersion(expected), envelopes, List.of(),
                ReadyQueueChange.UNCHANGED)).toCompletableFuture().join();
        versions.put(workflowId, v);
        return this;
    }

    /** The submission of {@code definition}. */
    EventHistory submit(WorkflowDefinition definition) {
        return commit(definition.workflowId(), new WorkflowSubmitted(definition, "tester"));
    }

    /** A cluster event. */
    EventHistory cluster(ClusterEvent event) {
        now = now.plusSeconds(1);
        log.appendClusterEvent(new EventEnvelope<>("cluster-" + (++ids), null, 0, now, null, null, "test", event))
                .toCompletableFuture().join();
        return this;
    }

    EventHistory register(String serviceId, String type, int maxConcurrent, List<String> taskTypes,
                          EndpointInfo... endpoints) {
        return cluster(new ServiceRegistered(serviceId, serviceId + "-name", type, "hub-1", taskTypes, maxConcurrent,
                List.of(), List.of(), List.of(), List.of(endpoints), "1.0"));
    }

    EventHistory disconnect(String serviceId) {
        return cluster(new ServiceDisconnected(serviceId, "socket closed"));
    }

    EventHistory report(String serviceId, String endpointId, boolean healthy, List<String> models, long used,
                        long total) {
        return cluster(new EndpointStatusReported(serviceId, endpointId, healthy, 0, models, used, total, 50.0));
    }

    static TaskDispatched dispatched(String taskId, int attempt, String serviceId, String endpointId) {
        return new TaskDispatched(taskId, attempt, new DispatchTarget(serviceId, serviceId + "-name", "hub-1",
                endpointId), new RoutingDecision("least_loaded", List.of(), "test"), "python_execution",
                JsonNodeFactory.instance.objectNode(), null);
    }

    static TaskCompleted completed(String taskId, int attempt, String serviceId, Long durationMs) {
        return new TaskCompleted(taskId, attempt, JsonNodeFactory.instance.textNode("done"), null, durationMs,
                serviceId, null);
    }
}
