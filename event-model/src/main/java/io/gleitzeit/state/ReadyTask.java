package io.gleitzeit.state;

import io.gleitzeit.definition.Priority;
import java.util.Comparator;
import java.util.Objects;

/**
 * An entry of a workflow's ready set: a task (or batch unit) whose current attempt waits for dispatch. The set is
 * ordered by {@link #DISPATCH_ORDER}: higher priority first, then document order, then item order within a batch.
 *
 * @param item the element a batch unit runs for, or {@link #NO_ITEM} for a plain task
 */
public record ReadyTask(String taskId, int index, int item, Priority priority) {
    /** The {@code item} of a plain task. */
    public static final int NO_ITEM = -1;

    /** Priority descending, then document index ascending, then item ascending. */
    public static final Comparator<ReadyTask> DISPATCH_ORDER =
            Comparator.comparing(ReadyTask::priority, Comparator.reverseOrder()).thenComparingInt(ReadyTask::index)
                    .thenComparingInt(ReadyTask::item);

    public ReadyTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(priority, "priority");
    }

    /** An entry of a plain task. */
    public ReadyTask(String taskId, int index, Priority priority) {
        this(taskId, index, NO_ITEM, priority);
    }
}
