package io.gleitzeit.state;

import static io.gleitzeit.state.WorkflowStatus.CANCELLED;
import static io.gleitzeit.state.WorkflowStatus.COMPLETED;
import static io.gleitzeit.state.WorkflowStatus.FAILED;
import static io.gleitzeit.state.WorkflowStatus.NOT_SUBMITTED;
import static io.gleitzeit.state.WorkflowStatus.RUNNING;

import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import java.util.List;
import java.util.Optional;

/**
 * The workflow lifecycle, as one table: which event may happen to a workflow in which status, and the status it
 * leads to. Task events are one entry (their own lifecycle is {@link TaskLifecycle}); they happen only while the
 * workflow runs, so nothing follows a terminal workflow event. Events of unknown types (written by a newer version)
 * are allowed everywhere and change nothing.
 */
public final class WorkflowLifecycle {
    private static final List<Transition<WorkflowStatus>> TRANSITIONS = List.of(
            on(NOT_SUBMITTED, WorkflowSubmitted.class, RUNNING),
            on(RUNNING, TaskEvent.class, RUNNING),
            on(RUNNING, WorkflowCompleted.class, COMPLETED),
            on(RUNNING, WorkflowFailed.class, FAILED),
            on(RUNNING, WorkflowCancelled.class, CANCELLED),

            on(NOT_SUBMITTED, UnknownEvent.class, NOT_SUBMITTED),
            on(RUNNING, UnknownEvent.class, RUNNING),
            on(COMPLETED, UnknownEvent.class, COMPLETED),
            on(FAILED, UnknownEvent.class, FAILED),
            on(CANCELLED, UnknownEvent.class, CANCELLED));

    private WorkflowLifecycle() {
    }

    /** Every entry of the table. */
    public static List<Transition<WorkflowStatus>> transitions() {
        return TRANSITIONS;
    }

    /** The entry for {@code event} happening to a workflow in status {@code from}, if the table has one. */
    public static Optional<Transition<WorkflowStatus>> transition(WorkflowStatus from, WorkflowEvent event) {
        for (Transition<WorkflowStatus> t : TRANSITIONS) {
            if (t.from() == from && t.on().isInstance(event)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static Transition<WorkflowStatus> on(
            WorkflowStatus from, Class<? extends WorkflowEvent> event, WorkflowStatus to) {
        return new Transition<>(from, event, to);
    }
}
