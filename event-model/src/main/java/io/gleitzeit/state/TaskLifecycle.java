package io.gleitzeit.state;

import static io.gleitzeit.state.TaskStatus.BATCH_RUNNING;
import static io.gleitzeit.state.TaskStatus.CANCELLED;
import static io.gleitzeit.state.TaskStatus.COMPLETED;
import static io.gleitzeit.state.TaskStatus.DISPATCHED;
import static io.gleitzeit.state.TaskStatus.FAILED;
import static io.gleitzeit.state.TaskStatus.PENDING;
import static io.gleitzeit.state.TaskStatus.READY;
import static io.gleitzeit.state.TaskStatus.RETRY_WAITING;
import static io.gleitzeit.state.TaskStatus.RUNNING;
import static io.gleitzeit.state.TaskStatus.SKIPPED;

import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task lifecycle, as one table: which task event may happen to a task in which status, and the status it leads
 * to. The fold accepts nothing else; an event outside the table is an {@link IllegalTransitionException}.
 *
 * <p>A failure ({@code TaskFailed}, {@code TaskTimedOut}) always leads to {@link TaskStatus#FAILED}; the decider
 * appends a {@code TaskRetryScheduled} in the same commit when the task goes on, which leads on to
 * {@link TaskStatus#RETRY_WAITING}. {@code TaskResultDiscarded} records a late result of a stale attempt and changes
 * no status.
 */
public final class TaskLifecycle {
    private static final List<Transition<TaskStatus>> TRANSITIONS = List.of(
            on(PENDING, TaskReady.class, READY),
            on(PENDING, TaskSkipped.class, SKIPPED),
            on(PENDING, TaskCancelled.class, CANCELLED),

            on(READY, TaskDispatched.class, DISPATCHED),
            // parameters that cannot be resolved fail the attempt before it is dispatched
            on(READY, TaskFailed.class, FAILED),
            on(READY, TaskSkipped.class, SKIPPED),
            on(READY, TaskCancelled.class, CANCELLED),
            on(READY, TaskResultDiscarded.class, READY),
            // a batch task resolved its list: its units run in its place
            on(READY, TaskBatchExpanded.class, BATCH_RUNNING),

            on(BATCH_RUNNING, TaskCompleted.class, COMPLETED),
            on(BATCH_RUNNING, TaskFailed.class, FAILED),
            on(BATCH_RUNNING, TaskCancelled.class, CANCELLED),

            on(DISPATCHED, TaskAccepted.class, RUNNING),
            // progress implies that the service started
            on(DISPATCHED, TaskProgressed.class, RUNNING),
            // so does moving it to another endpoint (an LLM service failing over within the attempt)
            on(DISPATCHED, TaskEndpointSwitched.class, RUNNING),
            on(DISPATCHED, TaskCompleted.class, COMPLETED),
            on(DISPATCHED, TaskFailed.class, FAILED),
            on(DISPATCHED, TaskTimedOut.class, FAILED),
            on(DISPATCHED, TaskCancelled.class, CANCELLED),
            on(DISPATCHED, TaskResultDiscarded.class, DISPATCHED),

            on(RUNNING, TaskProgressed.class, RUNNING),
            on(RUNNING, TaskEndpointSwitched.class, RUNNING),
            on(RUNNING, TaskCompleted.class, COMPLETED),
            on(RUNNING, TaskFailed.class, FAILED),
            on(RUNNING, TaskTimedOut.class, FAILED),
            on(RUNNING, TaskCancelled.class, CANCELLED),
            on(RUNNING, TaskResultDiscarded.class, RUNNING),

            on(FAILED, TaskRetryScheduled.class, RETRY_WAITING),
            on(FAILED, TaskResultDiscarded.class, FAILED),

            on(RETRY_WAITING, TaskReady.class, READY),
            on(RETRY_WAITING, TaskSkipped.class, SKIPPED),
            on(RETRY_WAITING, TaskCancelled.class, CANCELLED),
            on(RETRY_WAITING, TaskResultDiscarded.class, RETRY_WAITING),

            on(COMPLETED, TaskResultDiscarded.class, COMPLETED));

    private static final Map<TaskStatus, Map<Class<?>, Transition<TaskStatus>>> INDEX = index();

    private TaskLifecycle() {
    }

    /** Every entry of the table. */
    public static List<Transition<TaskStatus>> transitions() {
        return TRANSITIONS;
    }

    /** The entry for {@code event} happening to a task in status {@code from}, if the table has one. */
    public static Optional<Transition<TaskStatus>> transition(TaskStatus from, TaskEvent event) {
        return Optional.ofNullable(INDEX.get(from).get(event.getClass()));
    }

    private static Transition<TaskStatus> on(TaskStatus from, Class<? extends TaskEvent> event, TaskStatus to) {
        return new Transition<>(from, event, to);
    }

    private static Map<TaskStatus, Map<Class<?>, Transition<TaskStatus>>> index() {
        Map<TaskStatus, Map<Class<?>, Transition<TaskStatus>>> index = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            index.put(s, new HashMap<>());
        }
        for (Transition<TaskStatus> t : TRANSITIONS) {
            if (index.get(t.from()).put(t.on(), t) != null) {
                throw new IllegalStateException("duplicate task transition " + t);
            }
        }
        return index;
    }
}
