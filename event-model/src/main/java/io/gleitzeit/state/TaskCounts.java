package io.gleitzeit.state;

/**
 * How many tasks of a workflow stand in each terminal status, kept up to date by the fold so that "is everything
 * finished?" costs nothing.
 */
public record TaskCounts(int total, int completed, int failed, int skipped, int cancelled) {

    public TaskCounts {
        if (total < 0 || completed < 0 || failed < 0 || skipped < 0 || cancelled < 0
                || completed + failed + skipped + cancelled > total) {
            throw new IllegalArgumentException("inconsistent task counts");
        }
    }

    /** No task finished yet. */
    public static TaskCounts of(int total) {
        return new TaskCounts(total, 0, 0, 0, 0);
    }

    /** Tasks in any terminal status. */
    public int terminal() {
        return completed + failed + skipped + cancelled;
    }

    /** Whether every task reached a terminal status. */
    public boolean allTerminal() {
        return terminal() == total;
    }

    /** The counts after one task moved from {@code from} to {@code to}. */
    TaskCounts moved(TaskStatus from, TaskStatus to) {
        if (from == to) {
            return this;
        }
        int[] c = {completed, failed, skipped, cancelled};
        add(c, from, -1);
        add(c, to, 1);
        return new TaskCounts(total, c[0], c[1], c[2], c[3]);
    }

    private static void add(int[] c, TaskStatus status, int delta) {
        if (status == TaskStatus.COMPLETED) {
            c[0] += delta;
        } else if (status == TaskStatus.FAILED) {
            c[1] += delta;
        } else if (status == TaskStatus.SKIPPED) {
            c[2] += delta;
        } else if (status == TaskStatus.CANCELLED) {
            c[3] += delta;
        }
    }
}
