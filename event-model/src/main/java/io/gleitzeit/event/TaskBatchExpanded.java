package io.gleitzeit.event;

/**
 * A ready batch task resolved its list: it runs one unit per element, {@code <task_id>[0]} to
 * {@code <task_id>[count-1]}, which from now on have task events of their own (ready, dispatched, completed, …). The
 * task itself is never dispatched; it completes with the units' results in order once every unit has ended.
 *
 * @param count how many elements the list has, so how many units the task runs (0: it completes with {@code []})
 */
public record TaskBatchExpanded(String taskId, int attempt, int count) implements TaskEvent {
    public TaskBatchExpanded {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }
}
