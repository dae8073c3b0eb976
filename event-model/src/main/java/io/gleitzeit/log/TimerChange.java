package io.gleitzeit.log;

import io.gleitzeit.command.FireTimer;
import java.time.Instant;
import java.util.Objects;

/**
 * A change to a partition's due-time structure, applied atomically with the events of the same append. When a timer
 * falls due, its {@link FireTimer} command is moved to the partition's command stream exactly once.
 */
public sealed interface TimerChange {

    /** Set (or move) the timer for {@code timer} to fire at {@code dueAt}. */
    record Schedule(String workflowId, FireTimer timer, Instant dueAt) implements TimerChange {
        public Schedule {
            Objects.requireNonNull(workflowId, "workflowId");
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    /** Remove the timer for {@code timer}, if it is still set. */
    record Cancel(String workflowId, FireTimer timer) implements TimerChange {
        public Cancel {
            Objects.requireNonNull(workflowId, "workflowId");
            Objects.requireNonNull(timer, "timer");
        }
    }
}
