package io.gleitzeit.replay.timeline;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskError;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Describes events in words, one event type per branch. Remembers when each attempt was dispatched, so that a
 * completion, failure or time-out can say how long the attempt took (dispatched → finished).
 */
final class EventDetails {
    private static final int MAX_RESULT_CHARS = 80;

    private final Instant start;
    private final Map<String, Instant> dispatchedAt = new HashMap<>();

    EventDetails(Instant start) {
        this.start = start;
    }

    String describe(EventEnvelope<WorkflowEvent> envelope) {
        WorkflowEvent event = envelope.payload();
        Instant at = envelope.occurredAt();
        if (event instanceof WorkflowSubmitted e) {
            return "'" + e.definition().name() + "' by " + e.submittedBy() + ", " + e.definition().tasks().size()
                    + " tasks, on error " + e.definition().errorStrategy().wireName();
        } else if (event instanceof TaskReady) {
            return "";
        } else if (event instanceof TaskDispatched e) {
            dispatchedAt.put(e.idempotencyKey(), at);
            return dispatch(e);
        } else if (event instanceof TaskAccepted e) {
            return "started by " + e.serviceId() + took(e.taskId(), e.attempt(), at, " after ");
        } else if (event instanceof TaskProgressed e) {
            return e.progress() + "%" + (e.message().isEmpty() ? "" : " " + e.message());
        } else if (event instanceof TaskCompleted e) {
            return completed(e, at);
        } else if (event instanceof TaskFailed e) {
            return error(e.error()) + took(e.taskId(), e.attempt(), at, " after ");
        } else if (event instanceof TaskTimedOut e) {
            return "no result within " + Timeline.formatDuration(e.timeout())
                    + took(e.taskId(), e.attempt(), at, ", gave up after ");
        } else if (event instanceof TaskRetryScheduled e) {
            return "attempt " + e.attempt() + " after a backoff of " + Timeline.formatDuration(e.delay())
                    + ", due " + Timeline.formatRelative(Duration.between(start, e.dueAt()));
        } else if (event instanceof TaskCancelled e) {
            return (e.attempt() > 0 ? "attempt " + e.attempt() + " stopped: " : "") + e.reason();
        } else if (event instanceof TaskSkipped e) {
            return e.reason();
        } else if (event instanceof TaskEndpointSwitched e) {
            return "endpoint " + (e.fromEndpointId() == null ? "(none)" : e.fromEndpointId()) + " → "
                    + e.endpointId();
        } else if (event instanceof TaskResultDiscarded e) {
            return "late result of attempt " + e.attempt() + " discarded: " + e.reason();
        } else if (event instanceof TaskBatchExpanded e) {
            return "batch of " + e.count() + (e.count() == 1 ? " item" : " items");
        } else if (event instanceof WorkflowCompleted e) {
            return e.completedTasks() + " tasks completed in " + Timeline.formatDuration(Duration.between(start, at));
        } else if (event instanceof WorkflowFailed e) {
            StringJoiner errors = new StringJoiner("; ");
            e.errors().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(x -> errors.add(x.getKey() + ": " + x.getValue()));
            return e.reason() + " (" + e.completedTasks() + " completed, " + e.failedTasks() + " failed"
                    + (e.errors().isEmpty() ? ")" : "; " + errors + ")");
        } else if (event instanceof WorkflowCancelled e) {
            return e.reason() + " (requested by " + e.requestedBy() + ")";
        } else if (event instanceof UnknownEvent e) {
            return "unknown type " + e.type() + " v" + e.schemaVersion() + ", ignored by the fold";
        }
        throw new IllegalStateException("no description for " + event.getClass().getName());
    }

    private String dispatch(TaskDispatched e) {
        DispatchTarget t = e.target();
        StringBuilder s = new StringBuilder("to ").append(t.serviceName() == null ? t.serviceId()
                : t.serviceName() + " (" + t.serviceId() + ")");
        if (t.endpointId() != null) {
            s.append(" endpoint ").append(t.endpointId());
        }
        s.append(" via ").append(t.hubId()).append("; ").append(e.routing().strategy());
        if (!e.routing().reason().isEmpty()) {
            s.append(": ").append(e.routing().reason());
        }
        if (!e.routing().candidates().isEmpty()) {
            StringJoiner candidates = new StringJoiner(", ", "; candidates ", "");
            e.routing().candidates().forEach(c -> candidates.add(candidate(c)));
            s.append(candidates);
        }
        if (e.deadline() != null) {
            s.append("; deadline ").append(Timeline.formatRelative(Duration.between(start, e.deadline())));
        }
        return s.toString();
    }

    private static String candidate(CandidateLoad c) {
        StringBuilder s = new StringBuilder(c.serviceId());
        if (c.endpointId() != null) {
            s.append('/').append(c.endpointId());
        }
        s.append(" [").append(c.inFlight()).append('/').append(c.capacity()).append(" in flight");
        if (c.ewmaLatencyMs() != null) {
            s.append(", ").append(Math.round(c.ewmaLatencyMs())).append("ms");
        }
        if (c.modelLoaded()) {
            s.append(", model loaded");
        }
        if (!c.healthy()) {
            s.append(", unhealthy");
        }
        return s.append(']').toString();
    }

    private String completed(TaskCompleted e, Instant at) {
        StringBuilder s = new StringBuilder();
        String took = took(e.taskId(), e.attempt(), at, "took ");
        s.append(took.isEmpty() ? "completed" : took);
        if (e.durationMs() != null) {
            s.append(" (service reported ").append(Timeline.formatDuration(Duration.ofMillis(e.durationMs())))
                    .append(')');
        }
        if (e.usage() != null) {
            s.append("; tokens ").append(e.usage().promptTokens()).append('+').append(e.usage().completionTokens());
        }
        String result = e.result().toString();
        s.append("; result ").append(result.length() > MAX_RESULT_CHARS
                ? result.substring(0, MAX_RESULT_CHARS) + "…" : result);
        return s.toString();
    }

    private static String error(TaskError error) {
        return error.type() + ": " + error.message() + (error.retryable() ? " (retryable)" : " (not retryable)");
    }

    /** {@code prefix + duration} since the attempt's dispatch, or empty when its dispatch was not seen. */
    private String took(String taskId, int attempt, Instant at, String prefix) {
        Instant dispatched = dispatchedAt.get(taskId + ":" + attempt);
        return dispatched == null ? "" : prefix + Timeline.formatDuration(Duration.between(dispatched, at));
    }
}
