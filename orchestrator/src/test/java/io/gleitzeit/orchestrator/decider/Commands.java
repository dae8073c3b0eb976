package io.gleitzeit.orchestrator.decider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.event.TaskError;

/** Short forms of the commands a service or the timer service sends. */
final class Commands {
    static final TaskError RETRYABLE = new TaskError("boom", "RuntimeError", true);
    static final TaskError FATAL = new TaskError("bad input", "ValueError", false);

    private Commands() {
    }

    static ReportTaskAccepted accepted(String taskId, int attempt) {
        return new ReportTaskAccepted(taskId, attempt, "svc-f");
    }

    static ReportTaskProgress progress(String taskId, int attempt, int progress, String message) {
        return new ReportTaskProgress(taskId, attempt, progress, message);
    }

    static ReportTaskCompleted completed(String taskId, int attempt, JsonNode result) {
        return new ReportTaskCompleted(taskId, attempt, result, null, null, "svc-f", null);
    }

    static ReportTaskCompleted completed(String taskId, int attempt, String result) {
        return completed(taskId, attempt, TextNode.valueOf(result));
    }

    static ReportTaskFailed failed(String taskId, int attempt, TaskError error) {
        return new ReportTaskFailed(taskId, attempt, error, "svc-f");
    }

    static FireTimer retryDue(String taskId, int attempt) {
        return new FireTimer(TimerKind.RETRY_DUE, taskId, attempt);
    }

    static FireTimer taskTimeout(String taskId, int attempt) {
        return new FireTimer(TimerKind.TASK_TIMEOUT, taskId, attempt);
    }

    static FireTimer workflowTimeout() {
        return new FireTimer(TimerKind.WORKFLOW_TIMEOUT, null, 0);
    }
}
