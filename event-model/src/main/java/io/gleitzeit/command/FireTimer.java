package io.gleitzeit.command;

import java.util.Objects;

/**
 * A due timer fired. Timers are taken from the due-time structure atomically, so each fires once; the decider still
 * checks that the attempt it names is the current one, so a timer for an attempt that already ended is a no-op.
 *
 * @param taskId  the task, or {@code null} for a workflow timeout
 * @param attempt the attempt the timer was set for, or 0 for a workflow timeout
 */
public record FireTimer(TimerKind kind, String taskId, int attempt) implements WorkflowCommand {
    public FireTimer {
        Objects.requireNonNull(kind, "kind");
        if (kind != TimerKind.WORKFLOW_TIMEOUT) {
            Checks.text(taskId, "taskId");
            Checks.attempt(attempt);
        }
    }

    /** The timer's identity in the due-time structure: one timer per kind, task and attempt. */
    public String timerId(String workflowId) {
        return kind == TimerKind.WORKFLOW_TIMEOUT
                ? "wf-timeout|" + workflowId
                : kind.name().toLowerCase(java.util.Locale.ROOT) + "|" + taskId + "|" + attempt;
    }
}
