package io.gleitzeit.ops.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.TaskFailedNotice;
import io.gleitzeit.protocol.TaskProgressReport;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCancelledNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.protocol.WorkflowStartedNotice;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Live progress of one workflow on a terminal ({@code submit --follow}, {@code demo}): a bar for the workflow, a
 * line per task state change, streamed text as it arrives, each result, and the outcome. With JSON output every room
 * event is one line {@code {"event": name, "payload": {...}}} instead.
 */
public final class FollowView implements WorkflowListener {
    private static final int BAR_WIDTH = 24;
    private static final int RESULT_PREVIEW = 160;
    private static final Set<String> DONE = Set.of("completed", "failed", "skipped", "cancelled");

    private final PrintWriter out;
    private final boolean json;
    private final ObjectMapper mapper = GleitzeitJson.newMapper();
    private final Map<String, String> taskNames = new HashMap<>();
    private final Map<String, String> taskStates = new LinkedHashMap<>();
    private final CompletableFuture<WorkflowCompletedNotice> outcome = new CompletableFuture<>();
    private int total;
    private String streaming;

    public FollowView(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** The workflow's {@code workflow:completed}, once it came. */
    public CompletableFuture<WorkflowCompletedNotice> outcome() {
        return outcome;
    }

    @Override
    public void onStarted(WorkflowStartedNotice started) {
        if (emitJson(EventNames.WORKFLOW_STARTED, started)) {
            return;
        }
        total = started.totalTasks();
        line("workflow " + started.workflowId() + " \"" + started.name() + "\" started: " + total + " task"
                + (total == 1 ? "" : "s"));
    }

    @Override
    public void onTaskStatus(TaskStatusNotice status) {
        taskNames.put(status.taskId(), status.taskName());
        taskStates.put(status.taskName(), status.status());
        if (emitJson(EventNames.TASK_STATUS, status)) {
            return;
        }
        String attempt = status.attempt() > 1 ? " (attempt " + status.attempt() + ")" : "";
        line(bar() + "  " + status.taskName() + ": " + status.status() + attempt);
    }

    @Override
    public void onTaskProgress(TaskProgressReport progress) {
        if (emitJson(EventNames.TASK_PROGRESS, progress)) {
            return;
        }
        String name = taskNames.getOrDefault(progress.taskId(), progress.taskId());
        if (progress.chunk() != null) {
            if (!name.equals(streaming)) {
                endStream();
                out.print("  " + name + " > ");
                streaming = name;
            }
            out.print(progress.chunk());
            out.flush();
            return;
        }
        if (progress.message() != null && !progress.message().isBlank()) {
            line("  " + name + ": " + Math.round(progress.progress()) + "% " + progress.message());
        }
    }

    @Override
    public void onTaskCompleted(TaskCompletedNotice completed) {
        if (emitJson(EventNames.TASK_COMPLETED, completed)) {
            return;
        }
        String name = completed.taskName() != null ? completed.taskName()
                : taskNames.getOrDefault(completed.taskId(), completed.taskId());
        line("  = " + name + ": " + preview(completed.result()));
    }

    @Override
    public void onTaskFailed(TaskFailedNotice failed) {
        if (emitJson(EventNames.TASK_FAILED, failed)) {
            return;
        }
        String name = failed.taskName() != null ? failed.taskName()
                : taskNames.getOrDefault(failed.taskId(), failed.taskId());
        line("  ! " + name + " failed: " + failed.error());
    }

    @Override
    public void onCancelled(WorkflowCancelledNotice cancelled) {
        if (!emitJson(EventNames.WORKFLOW_CANCELLED, cancelled)) {
            line("workflow " + cancelled.workflowId() + " cancelled");
        }
    }

    @Override
    public void onCompleted(WorkflowCompletedNotice completed) {
        if (!emitJson(EventNames.WORKFLOW_COMPLETED, completed)) {
            line("workflow " + completed.workflowId() + " " + completed.status() + ": "
                    + completed.completedTasks() + " completed, " + completed.failedTasks() + " failed");
            completed.errors().forEach((task, error) -> line("  ! " + task + ": " + error));
        }
        outcome.complete(completed);
    }

    @Override
    public void onConnectionLost() {
        if (!json) {
            line("(connection to the hub lost; reconnecting)");
        }
    }

    @Override
    public void onReconnected() {
        if (!json) {
            line("(reconnected)");
        }
    }

    /** {@code [#########---------]  3/7}: tasks finished of all. */
    private String bar() {
        long done = taskStates.values().stream().filter(DONE::contains).count();
        int width = total == 0 ? 0 : (int) (BAR_WIDTH * done / total);
        return "[" + "#".repeat(width) + "-".repeat(BAR_WIDTH - width) + "] " + done + "/" + total;
    }

    private String preview(JsonNode result) {
        String text = result == null ? "null" : result.isTextual() ? result.asText() : result.toString();
        text = text.replace('\n', ' ');
        return text.length() <= RESULT_PREVIEW ? text : text.substring(0, RESULT_PREVIEW) + "...";
    }

    private void line(String text) {
        endStream();
        out.println(text);
        out.flush();
    }

    private void endStream() {
        if (streaming != null) {
            out.println();
            streaming = null;
        }
    }

    private boolean emitJson(String event, Object payload) {
        if (!json) {
            return false;
        }
        ObjectNode line = mapper.createObjectNode();
        line.put("event", event);
        line.set("payload", mapper.valueToTree(payload));
        try {
            out.println(mapper.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
        return true;
    }
}
