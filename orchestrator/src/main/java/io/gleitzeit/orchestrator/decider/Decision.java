package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.state.WorkflowState;
import java.util.List;
import java.util.Objects;

/**
 * What the decider decided for one command: what to append, atomically (events, timer changes, ready-queue change).
 *
 * @param rule       the cell of the {@link DecisionTable} that applied, for logs and audits
 * @param events     the events to append, in order; empty when the command changes nothing
 * @param timers     timer changes to apply with them
 * @param readyQueue whether the workflow now waits for capacity, reported only when that flips
 * @param state      the workflow's state with the events applied at the decision time; equal to the fold of the
 *                   recorded history once they are appended with that time as {@code occurredAt}
 */
public record Decision(Rule rule, List<WorkflowEvent> events, List<TimerChange> timers, ReadyQueueChange readyQueue,
                       WorkflowState state) {
    public Decision {
        Objects.requireNonNull(rule, "rule");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        timers = List.copyOf(Objects.requireNonNull(timers, "timers"));
        Objects.requireNonNull(readyQueue, "readyQueue");
        Objects.requireNonNull(state, "state");
    }

    /** Whether there is nothing to append. */
    public boolean isEmpty() {
        return events.isEmpty();
    }
}
