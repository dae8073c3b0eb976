package io.gleitzeit.replay.state;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.history.StoredEvent;
import io.gleitzeit.replay.history.WorkflowHistory;
import io.gleitzeit.state.IllegalTransitionException;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.util.ArrayList;
import java.util.List;

/** The fold of a history up to a {@link StatePoint}. */
final class StateAt {
    private StateAt() {
    }

    /**
     * The state at {@code point}. Fails, saying why, when the point is not in the history, a commit on the way
     * cannot be read, or the fold rejects an event on the way (the history needs {@code verify}).
     */
    static WorkflowState fold(WorkflowHistory history, StatePoint point) {
        List<EventEnvelope<WorkflowEvent>> events = upTo(history, point);
        WorkflowState state = WorkflowState.initial(history.workflowId());
        for (EventEnvelope<WorkflowEvent> e : events) {
            try {
                state = WorkflowEvolver.evolve(state, e);
            } catch (IllegalTransitionException ex) {
                throw new CommandFailure("the fold stops at version " + ex.version() + ": " + ex.getMessage()
                        + " (run verify for the full report)", ex);
            }
        }
        if (!state.isSubmitted()) {
            throw new CommandFailure("workflow " + history.workflowId() + " has no submission up to "
                    + point.describe());
        }
        return state;
    }

    private static boolean includes(StatePoint point, EventEnvelope<WorkflowEvent> event) {
        if (point instanceof StatePoint.End end) {
            return end.includes(event);
        } else if (point instanceof StatePoint.AtVersion at) {
            return at.includes(event);
        } else if (point instanceof StatePoint.AtTime at) {
            return at.includes(event);
        }
        throw new IllegalArgumentException("no inclusion rule for " + point);
    }

    private static List<EventEnvelope<WorkflowEvent>> upTo(WorkflowHistory history, StatePoint point) {
        history.commits().stream().filter(c -> !c.isReadable()).findFirst().ifPresent(c -> {
            throw new CommandFailure("commit " + c.source() + " of workflow " + history.workflowId()
                    + " cannot be read: " + c.problem().orElseThrow());
        });
        List<StoredEvent> all = history.events();
        List<EventEnvelope<WorkflowEvent>> events = new ArrayList<>(all.size());
        if (point instanceof StatePoint.AtEvent at) {
            for (StoredEvent s : all) {
                events.add(s.envelope());
                if (s.envelope().eventId().equals(at.eventId())) {
                    return events;
                }
            }
            throw new CommandFailure("workflow " + history.workflowId() + " has no event " + at.eventId());
        }
        for (StoredEvent s : all) {
            if (includes(point, s.envelope())) {
                events.add(s.envelope());
            }
        }
        long last = all.isEmpty() ? 0 : all.get(all.size() - 1).envelope().version();
        if (point instanceof StatePoint.AtVersion at && at.version() > last) {
            throw new CommandFailure("workflow " + history.workflowId() + " ends at version " + last
                    + ", there is no version " + at.version());
        }
        if (events.isEmpty()) {
            throw new CommandFailure("workflow " + history.workflowId() + " was not yet submitted at "
                    + point.describe() + " (first event at " + all.get(0).envelope().occurredAt() + ")");
        }
        return events;
    }
}
