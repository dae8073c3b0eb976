package io.gleitzeit.log;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import java.util.List;
import java.util.Objects;

/**
 * Everything one decision appends atomically: the events (versions {@code expected+1 …}), the timer changes they
 * imply, and the ready-queue change.
 */
public record AppendRequest(
        String workflowId, AppendCondition condition, List<EventEnvelope<WorkflowEvent>> events,
        List<TimerChange> timers, ReadyQueueChange readyQueue) {
    public AppendRequest {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(condition, "condition");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        timers = List.copyOf(Objects.requireNonNull(timers, "timers"));
        Objects.requireNonNull(readyQueue, "readyQueue");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        long v = condition.expectedVersion();
        for (var e : events) {
            if (!workflowId.equals(e.workflowId()) || e.version() != ++v) {
                throw new IllegalArgumentException("events must belong to " + workflowId
                        + " and carry consecutive versions from " + (condition.expectedVersion() + 1));
            }
        }
    }

    /** The version the stream is at after this append. */
    public long resultingVersion() {
        return condition.expectedVersion() + events.size();
    }
}
