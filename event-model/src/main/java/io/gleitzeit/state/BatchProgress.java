package io.gleitzeit.state;

import java.util.Objects;

/**
 * How far a batch task's units are: how many it runs, how many were made ready so far (units are released in item
 * order, at most the batch's {@code max_concurrency} unfinished at a time) and how many ended for good.
 *
 * @param taskId   the batch task's id
 * @param count    how many units (elements of its list) it runs
 * @param released units made ready at least once: items {@code 0 … released-1}
 * @param ended    units in a terminal status
 */
public record BatchProgress(String taskId, int count, int released, int ended) {

    public BatchProgress {
        Objects.requireNonNull(taskId, "taskId");
        if (count < 0 || released < 0 || released > count || ended < 0 || ended > released) {
            throw new IllegalArgumentException("inconsistent batch progress " + released + "/" + ended + " of "
                    + count);
        }
    }

    /** The id of the unit for element {@code item} of a batch task: {@code <task_id>[<item>]}. */
    public static String unitId(String taskId, int item) {
        return taskId + "[" + item + "]";
    }

    /** Whether a task id names a batch unit (task ids of plain tasks end in a digit, never in {@code ]}). */
    public static boolean isUnitId(String taskId) {
        return taskId.endsWith("]") && taskId.lastIndexOf('[') > 0;
    }

    /** The batch task a unit belongs to. */
    public static String batchOf(String unitId) {
        requireUnit(unitId);
        return unitId.substring(0, unitId.lastIndexOf('['));
    }

    /** The element of the list a unit runs for. */
    public static int itemOf(String unitId) {
        requireUnit(unitId);
        return Integer.parseInt(unitId.substring(unitId.lastIndexOf('[') + 1, unitId.length() - 1));
    }

    private static void requireUnit(String id) {
        if (!isUnitId(id)) {
            throw new IllegalArgumentException("not a batch unit id: " + id);
        }
    }

    /** Units released and not yet ended: dispatched, running, ready or waiting for a retry. */
    public int unfinished() {
        return released - ended;
    }

    /** Whether every unit ended. */
    public boolean allEnded() {
        return ended == count;
    }

    BatchProgress withReleased(int delta) {
        return new BatchProgress(taskId, count, released + delta, ended);
    }

    BatchProgress withEnded(int delta) {
        return new BatchProgress(taskId, count, released, ended + delta);
    }
}
