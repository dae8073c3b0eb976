package io.gleitzeit.replay.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.state.TaskCounts;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowState;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The two forms {@code state} prints: a table for people, one JSON object for tools. */
final class StateView {
    private static final int MAX_CELL = 60;

    private StateView() {
    }

    static void text(WorkflowState s, StatePoint point, PrintWriter out) {
        out.println("workflow " + s.workflowId() + " '" + s.definition().name() + "' at version " + s.version()
                + (point instanceof StatePoint.End ? "" : " (--at " + point.describe() + ")"));
        out.println("status    " + s.status() + (s.statusReason() == null ? "" : ": " + s.statusReason()));
        out.println("submitted " + s.submittedAt() + " by " + s.submittedBy()
                + (s.finishedAt() == null ? "" : ", finished " + s.finishedAt()));
        TaskCounts c = s.counts();
        out.println("tasks     " + c.total() + " total: " + c.completed() + " completed, " + c.failed() + " failed, "
                + c.skipped() + " skipped, " + c.cancelled() + " cancelled");
        List<TaskState> tasks = withUnits(s);
        int nameWidth = Math.max(4, tasks.stream().mapToInt(t -> t.name().length()).max().orElse(0));
        int idWidth = Math.max(2, tasks.stream().mapToInt(t -> t.taskId().length()).max().orElse(0));
        String row = "  %-" + nameWidth + "s  %-" + idWidth + "s  %-13s %7s %5s  %s";
        out.println(String.format(row, "TASK", "ID", "STATUS", "ATTEMPT", "MADE", "RESULT / ERROR").stripTrailing());
        for (TaskState t : tasks) {
            out.println(String.format(row, t.name(), t.taskId(), t.status(), t.attempt(), t.attemptsMade(),
                    outcome(t)).stripTrailing());
        }
    }

    /** The document's tasks in order, each batch task followed by its units in item order. */
    private static List<TaskState> withUnits(WorkflowState s) {
        List<TaskState> rows = new ArrayList<>();
        for (TaskState t : s.tasksInOrder()) {
            rows.add(t);
            rows.addAll(s.unitsOf(t.taskId()));
        }
        return rows;
    }

    private static String outcome(TaskState t) {
        if (t.result() != null) {
            return cut(t.result().toString());
        }
        if (t.lastError() != null) {
            TaskError e = t.lastError();
            return cut("error " + e.type() + ": " + e.message() + (e.retryable() ? " (retryable)" : ""));
        }
        return t.progress() > 0 ? t.progress() + "% " + t.progressMessage() : "";
    }

    private static String cut(String s) {
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL) + "…" : s;
    }

    static ObjectNode json(WorkflowState s, StatePoint point, ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.put("workflow_id", s.workflowId());
        node.put("name", s.definition().name());
        node.put("version", s.version());
        node.put("at", point.describe());
        node.put("status", s.status().name());
        node.put("status_reason", s.statusReason());
        node.put("submitted_by", s.submittedBy());
        node.put("submitted_at", text(s.submittedAt()));
        node.put("finished_at", text(s.finishedAt()));
        ArrayNode tasks = node.putArray("tasks");
        for (TaskState t : s.tasksInOrder()) {
            ObjectNode task = task(tasks.addObject(), t);
            s.batch(t.taskId()).ifPresent(b -> {
                ObjectNode batch = task.putObject("batch").put("count", b.count()).put("released", b.released())
                        .put("ended", b.ended());
                ArrayNode units = batch.putArray("units");
                s.unitsOf(t.taskId()).forEach(u -> task(units.addObject(), u));
            });
        }
        return node;
    }

    private static ObjectNode task(ObjectNode task, TaskState t) {
        task.put("task_id", t.taskId());
        task.put("name", t.name());
        task.put("status", t.status().name());
        task.put("attempt", t.attempt());
        task.put("attempts_made", t.attemptsMade());
        task.set("result", t.result());
        if (t.lastError() == null) {
            task.putNull("error");
        } else {
            task.putObject("error").put("message", t.lastError().message()).put("type", t.lastError().type())
                    .put("retryable", t.lastError().retryable());
        }
        DispatchTarget target = t.target();
        if (target == null) {
            task.putNull("target");
        } else {
            task.putObject("target").put("service_id", target.serviceId()).put("service_name",
                    target.serviceName()).put("hub_id", target.hubId()).put("endpoint_id", target.endpointId());
        }
        task.put("progress", t.progress());
        task.put("dispatched_at", text(t.dispatchedAt()));
        task.put("finished_at", text(t.finishedAt()));
        return task;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
