package io.gleitzeit.orchestrator.hub.clients;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.redis.PartitionTail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stands in for a function service at the protocol level, the way a hub reports what its services say: follows the
 * event streams and answers each {@code TaskDispatched} with the report commands (accepted, progress, completed or
 * failed) on the workflow's command stream. What it does depends on the task's {@code function}:
 * {@code echo} completes with {@code {"echo": <args>}} after one progress report, {@code fail} fails for good with
 * {@code "boom"}, {@code hang} is accepted and then left running (for cancellation); see {@link #complete}.
 */
final class ScriptedService implements AutoCloseable {
    static final String SERVICE_ID = "svc-1";

    private final EventLog log;
    private final PartitionTail tail;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ScriptedService(EventLog log, PartitionTail tail) {
        this.log = log;
        this.tail = tail;
        this.thread = new Thread(this::run, "scripted-service");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running.get()) {
            List<Commit> commits;
            try {
                commits = tail.next(Duration.ofMillis(100), 100);
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                throw e;
            }
            for (Commit commit : commits) {
                commit.events().forEach(e -> {
                    if (e.payload() instanceof TaskDispatched d) {
                        answer(commit.workflowId(), d);
                    }
                });
            }
        }
    }

    private void answer(String workflowId, TaskDispatched d) {
        String function = d.parameters().path("function").asText("");
        send(workflowId, "accepted", d, new ReportTaskAccepted(d.taskId(), d.attempt(), SERVICE_ID));
        switch (function) {
            case "echo" -> {
                send(workflowId, "progress", d, new ReportTaskProgress(d.taskId(), d.attempt(), 50, "halfway"));
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.set("echo", d.parameters().path("args"));
                send(workflowId, "completed", d,
                        new ReportTaskCompleted(d.taskId(), d.attempt(), result, null, 1L, SERVICE_ID, null));
            }
            case "fail" -> send(workflowId, "failed", d, new ReportTaskFailed(d.taskId(), d.attempt(),
                    new TaskError("boom", "ScriptedFailure", false), SERVICE_ID));
            default -> {
                // "hang": stays running until cancelled or completed by the test
            }
        }
    }

    /** Completes a task that was left running, as its service would. */
    void complete(String workflowId, String taskId, int attempt, String text) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("text", text);
        send(workflowId, "completed", taskId, attempt,
                new ReportTaskCompleted(taskId, attempt, result, null, 1L, SERVICE_ID, null));
    }

    private void send(String workflowId, String kind, TaskDispatched d, WorkflowCommand payload) {
        send(workflowId, kind, d.taskId(), d.attempt(), payload);
    }

    private void send(String workflowId, String kind, String taskId, int attempt, WorkflowCommand payload) {
        log.send(new CommandEnvelope(kind + ":" + taskId + ":" + attempt, workflowId, Instant.now(), "hub-test",
                workflowId, payload)).toCompletableFuture().join();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        tail.close();
    }
}
