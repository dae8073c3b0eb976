package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.WorkflowCommand;

/** The task and attempt an attempt-scoped command names. */
record TaskAttempt(String taskId, int attempt) {

    static TaskAttempt of(WorkflowCommand command) {
        if (command instanceof ReportTaskAccepted c) {
            return new TaskAttempt(c.taskId(), c.attempt());
        } else if (command instanceof ReportTaskProgress c) {
            return new TaskAttempt(c.taskId(), c.attempt());
        } else if (command instanceof ReportTaskCompleted c) {
            return new TaskAttempt(c.taskId(), c.attempt());
        } else if (command instanceof ReportTaskFailed c) {
            return new TaskAttempt(c.taskId(), c.attempt());
        } else if (command instanceof FireTimer c && c.taskId() != null) {
            return new TaskAttempt(c.taskId(), c.attempt());
        }
        throw new IllegalArgumentException("not about an attempt: " + command);
    }
}
