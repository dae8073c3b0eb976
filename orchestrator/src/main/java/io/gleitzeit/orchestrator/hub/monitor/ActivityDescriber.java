package io.gleitzeit.orchestrator.hub.monitor;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.event.codec.TypeRegistry;
import io.gleitzeit.protocol.MonitorEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns recorded events into the lines of a monitor's "recent events" list ({@link MonitorEvent}). Progress
 * reports are left out (they are not transitions and would drown the rest), and an endpoint's status report only
 * shows when its health changes (services report every few seconds). Not thread-safe: one feed thread uses it.
 */
final class ActivityDescriber {
    private final TypeRegistry<Event> types;
    private final Map<String, Boolean> endpointHealth = new HashMap<>();

    ActivityDescriber(TypeRegistry<Event> types) {
        this.types = Objects.requireNonNull(types, "types");
    }

    /** The line for {@code envelope}, or empty when monitors do not list it. */
    Optional<MonitorEvent> describe(EventEnvelope<? extends Event> envelope) {
        Event event = envelope.payload();
        if (event instanceof UnknownEvent unknown) {
            return Optional.of(line(envelope, envelope.workflowId() != null ? MonitorEvent.WORKFLOW
                    : MonitorEvent.SERVICE, unknown.type(), null, "event of a newer version: " + unknown.type()));
        }
        String type = types.wireTypeOf(event.getClass()).name();
        if (event instanceof TaskEvent task) {
            return describeTask(envelope, type, task);
        }
        if (event instanceof WorkflowEvent workflow) {
            return Optional.of(line(envelope, MonitorEvent.WORKFLOW, type, null, workflowMessage(workflow)));
        }
        if (event instanceof ClusterEvent cluster) {
            return describeCluster(envelope, type, cluster);
        }
        throw new IllegalArgumentException("no description for " + event.getClass().getName());
    }

    private static String workflowMessage(WorkflowEvent event) {
        if (event instanceof WorkflowSubmitted submitted) {
            return "workflow '" + submitted.definition().name() + "' submitted with "
                    + submitted.definition().tasks().size() + " tasks";
        }
        if (event instanceof WorkflowCompleted completed) {
            return "workflow completed (" + completed.completedTasks() + " tasks)";
        }
        if (event instanceof WorkflowFailed failed) {
            return "workflow failed: " + failed.reason();
        }
        if (event instanceof WorkflowCancelled cancelled) {
            return "workflow cancelled" + (cancelled.reason() == null ? "" : ": " + cancelled.reason());
        }
        throw new IllegalArgumentException("no description for " + event.getClass().getName());
    }

    private Optional<MonitorEvent> describeTask(EventEnvelope<? extends Event> envelope, String type, TaskEvent event) {
        String service = null;
        String what;
        if (event instanceof TaskProgressed) {
            return Optional.empty();
        } else if (event instanceof TaskReady) {
            what = "ready";
        } else if (event instanceof TaskDispatched dispatched) {
            service = dispatched.target().serviceId();
            what = "dispatched to " + dispatched.target().serviceName()
                    + (dispatched.target().endpointId() == null ? "" : " (" + dispatched.target().endpointId() + ")");
        } else if (event instanceof TaskAccepted accepted) {
            service = accepted.serviceId();
            what = "accepted";
        } else if (event instanceof TaskCompleted completed) {
            service = completed.serviceId();
            what = "completed" + (completed.durationMs() == null ? "" : " in " + completed.durationMs() + " ms");
        } else if (event instanceof TaskFailed failed) {
            what = "failed: " + failed.error().message();
        } else if (event instanceof TaskTimedOut timedOut) {
            what = "timed out after " + timedOut.timeout().toMillis() + " ms";
        } else if (event instanceof TaskRetryScheduled retry) {
            what = "retry scheduled in " + retry.delay().toMillis() + " ms";
        } else if (event instanceof TaskCancelled cancelled) {
            what = "cancelled" + (cancelled.reason() == null ? "" : ": " + cancelled.reason());
        } else if (event instanceof TaskSkipped skipped) {
            what = "skipped: " + skipped.reason();
        } else if (event instanceof TaskEndpointSwitched switched) {
            what = "moved by its service " + (switched.fromEndpointId() == null ? ""
                    : "from endpoint " + switched.fromEndpointId() + " ") + "to endpoint " + switched.endpointId();
        } else if (event instanceof TaskResultDiscarded discarded) {
            what = "late result discarded: " + discarded.reason();
        } else if (event instanceof TaskBatchExpanded expanded) {
            what = "runs as a batch of " + expanded.count() + (expanded.count() == 1 ? " unit" : " units");
        } else {
            throw new IllegalArgumentException("no description for " + event.getClass().getName());
        }
        return Optional.of(new MonitorEvent(envelope.occurredAt(), MonitorEvent.TASK, type, envelope.workflowId(),
                event.taskId(), event.attempt(), service,
                "task " + event.taskId() + " attempt " + event.attempt() + " " + what));
    }

    private Optional<MonitorEvent> describeCluster(EventEnvelope<? extends Event> envelope, String type,
                                                   ClusterEvent event) {
        if (event instanceof ServiceRegistered registered) {
            return Optional.of(line(envelope, MonitorEvent.SERVICE, type, registered.serviceId(),
                    "service " + registered.name() + " registered (" + registered.serviceType() + ", "
                            + registered.maxConcurrent() + " slots)"));
        }
        if (event instanceof ServiceDisconnected disconnected) {
            return Optional.of(line(envelope, MonitorEvent.SERVICE, type, disconnected.serviceId(),
                    "service " + disconnected.serviceId() + " disconnected: " + disconnected.reason()));
        }
        if (event instanceof EndpointStatusReported status) {
            Boolean before = endpointHealth.put(status.serviceId() + "|" + status.endpointId(), status.healthy());
            if (before != null && before == status.healthy()) {
                return Optional.empty();
            }
            return Optional.of(line(envelope, MonitorEvent.ENDPOINT, type, status.serviceId(),
                    "endpoint " + status.endpointId() + " of " + status.serviceId() + " is "
                            + (status.healthy() ? "healthy" : "unhealthy")));
        }
        if (event instanceof EventParked parked) {
            return Optional.of(new MonitorEvent(envelope.occurredAt(), MonitorEvent.WORKFLOW, type,
                    parked.workflowId(), null, null, null, "entry " + parked.entryId() + " of " + parked.stream()
                    + " parked after " + parked.deliveries() + " deliveries: " + parked.reason()));
        }
        throw new IllegalArgumentException("no description for " + event.getClass().getName());
    }

    private static MonitorEvent line(EventEnvelope<? extends Event> envelope, String kind, String type,
                                     String serviceId, String message) {
        return new MonitorEvent(envelope.occurredAt(), kind, type, envelope.workflowId(), null, null, serviceId,
                message);
    }
}
