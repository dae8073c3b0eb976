package io.gleitzeit.state;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The pure fold of a workflow's events: {@code state = evolve(state, event)}. It reads no clock and no random
 * source; the times it records are the events' {@code occurredAt}. Every event must be a legal transition of
 * {@link WorkflowLifecycle} and, for task events, of {@link TaskLifecycle}, carry the next version and name the
 * current attempt; anything else raises {@link IllegalTransitionException} and leaves no half-applied state.
 * Events of unknown types change nothing but the version.
 */
public final class WorkflowEvolver {
    private WorkflowEvolver() {
    }

    /** The state after one recorded event, whose version must be {@code state.version() + 1}. */
    public static WorkflowState evolve(WorkflowState state, EventEnvelope<? extends WorkflowEvent> envelope) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(envelope, "envelope");
        if (envelope.workflowId() != null && !envelope.workflowId().equals(state.workflowId())) {
            throw new IllegalTransitionException(state.workflowId(), envelope.version(),
                    "event " + envelope.eventId() + " belongs to workflow " + envelope.workflowId());
        }
        if (envelope.version() != state.version() + 1) {
            throw new IllegalTransitionException(state.workflowId(), envelope.version(),
                    "the state is at version " + state.version() + ", so the next event must have version "
                            + (state.version() + 1));
        }
        return apply(state, envelope.payload(), envelope.version(), envelope.occurredAt());
    }

    /**
     * The state after {@code event} as the next event (version {@code state.version() + 1}) at {@code occurredAt}:
     * what a decider uses to see the effect of the events it is about to append.
     */
    public static WorkflowState evolve(WorkflowState state, WorkflowEvent event, Instant occurredAt) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(occurredAt, "occurredAt");
        return apply(state, event, state.version() + 1, occurredAt);
    }

    /** The state after every event of a workflow's history, from {@link WorkflowState#initial(String)}. */
    public static WorkflowState fold(String workflowId, List<? extends EventEnvelope<? extends WorkflowEvent>> events) {
        WorkflowState state = WorkflowState.initial(workflowId);
        for (EventEnvelope<? extends WorkflowEvent> e : events) {
            state = evolve(state, e);
        }
        return state;
    }

    private static WorkflowState apply(WorkflowState state, WorkflowEvent event, long version, Instant at) {
        Transition<WorkflowStatus> transition = WorkflowLifecycle.transition(state.status(), event)
                .orElseThrow(() -> new IllegalTransitionException(state.workflowId(), version,
                        event.getClass().getSimpleName() + " cannot happen to a workflow that is "
                                + state.status()));
        WorkflowState next = state.atVersion(version);
        if (event instanceof UnknownEvent) {
            return next;
        } else if (event instanceof TaskEvent e) {
            return TaskEventFold.apply(next, e, version, at);
        } else if (event instanceof WorkflowSubmitted e) {
            if (!e.definition().workflowId().equals(state.workflowId())) {
                throw new IllegalTransitionException(state.workflowId(), version,
                        "WorkflowSubmitted carries a definition of workflow " + e.definition().workflowId());
            }
            return next.submitted(e.definition(), e.submittedBy(), at);
        } else if (event instanceof WorkflowCompleted) {
            requireAllTerminal(next, event, version);
            if (next.counts().completed() != next.counts().total()) {
                throw new IllegalTransitionException(state.workflowId(), version,
                        "WorkflowCompleted although only " + next.counts().completed() + " of "
                                + next.counts().total() + " tasks completed");
            }
            return next.finished(transition.to(), null, at);
        } else if (event instanceof WorkflowFailed e) {
            requireAllTerminal(next, event, version);
            return next.finished(transition.to(), e.reason(), at);
        } else if (event instanceof WorkflowCancelled e) {
            requireAllTerminal(next, event, version);
            return next.finished(transition.to(), e.reason(), at);
        }
        throw new IllegalStateException("the fold does not handle " + event.getClass().getName());
    }

    private static void requireAllTerminal(WorkflowState state, WorkflowEvent event, long version) {
        if (!state.counts().allTerminal()) {
            throw new IllegalTransitionException(state.workflowId(), version,
                    event.getClass().getSimpleName() + " although " + (state.counts().total()
                            - state.counts().terminal()) + " tasks have not finished");
        }
    }
}
