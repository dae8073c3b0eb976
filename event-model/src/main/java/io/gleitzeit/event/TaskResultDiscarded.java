package io.gleitzeit.event;

import java.util.Objects;

/**
 * A service reported the result of an attempt that is no longer current (it timed out, or its service was declared
 * lost, and a newer attempt exists). The report is recorded for audits but changes nothing: the task keeps its status,
 * and its result stays whatever the current attempt produces (ARCHITECTURE rule 6).
 *
 * @param attempt the stale attempt the result belonged to
 * @param reason  why it was discarded, e.g. {@code attempt 2 is current}
 */
public record TaskResultDiscarded(String taskId, int attempt, String reason) implements TaskEvent {
    public TaskResultDiscarded {
        Checks.text(taskId, "taskId");
        Checks.attempt(attempt);
        Objects.requireNonNull(reason, "reason");
    }
}
