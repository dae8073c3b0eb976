package io.gleitzeit.state;

import io.gleitzeit.definition.Priority;
import java.util.Comparator;
import java.util.Objects;

/**
 * An entry of a workflow's ready set: a task whose current attempt waits for dispatch. The set is ordered by
 * {@link #DISPATCH_ORDER}: higher priority first, then document order.
 */
public record ReadyTask(String taskId, int index, Priority priority) {

    /** Priority descending, then document index ascending. */
    public static final Comparator<ReadyTask> DISPATCH_ORDER =
            Comparator.comparing(ReadyTask::priority, Comparator.reverseOrder()).thenComparingInt(ReadyTask::index);

    public ReadyTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(priority, "priority");
    }
}
