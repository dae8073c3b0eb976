package io.gleitzeit.ops.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.redis.PartitionTail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's stand-in for hub and services on the core path: it follows every partition's event stream with one
 * blocking read, as a hub does, and answers each dispatch with accepted and completed reports on the command streams, as a no-op service's
 * reports would arrive. It measures the decision core alone — no sockets — and records hop latencies.
 */
final class StreamResponder implements AutoCloseable {
    private final EventLog log;
    private final PartitionTail tail;
    private final String serviceId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger finishedWorkflows = new AtomicInteger();
    private final AtomicInteger failedWorkflows = new AtomicInteger();
    private final Map<String, Instant> reportSentAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> submittedAt = new ConcurrentHashMap<>();
    final List<Long> dispatchToServiceMicros = new CopyOnWriteArrayList<>();
    final List<Long> reportToDecisionMicros = new CopyOnWriteArrayList<>();
    final List<Long> endToEndMicros = new CopyOnWriteArrayList<>();
    private final Thread thread;

    StreamResponder(EventLog log, PartitionTail tail, String serviceId) {
        this.log = log;
        this.tail = tail;
        this.serviceId = serviceId;
        this.thread = new Thread(this::run, "bench-responder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void submitted(String workflowId, Instant at) {
        submittedAt.put(workflowId, at);
    }

    /** Forgets the latency samples and failure count gathered so far (after a warm-up round). */
    void resetFigures() {
        dispatchToServiceMicros.clear();
        reportToDecisionMicros.clear();
        endToEndMicros.clear();
        failedWorkflows.set(0);
    }

    int finishedWorkflows() {
        return finishedWorkflows.get();
    }

    int failedWorkflows() {
        return failedWorkflows.get();
    }

    private void run() {
        while (running.get()) {
            List<Commit> commits;
            try {
                commits = tail.next(Duration.ofMillis(100), 1000);
            } catch (RuntimeException e) {
                if (running.get()) {
                    throw e;
                }
                return;
            }
            for (Commit commit : commits) {
                commit.events().forEach(e -> observe(commit.workflowId(), e));
            }
        }
    }

    private void observe(String workflowId, EventEnvelope<WorkflowEvent> e) {
        Instant now = Instant.now();
        WorkflowEvent event = e.payload();
        if (event instanceof TaskDispatched d) {
            dispatchToServiceMicros.add(micros(e.occurredAt(), now));
            answer(workflowId, d);
        } else if (event instanceof TaskCompleted c) {
            Instant sent = reportSentAt.remove(e.causationId());
            if (sent != null) {
                reportToDecisionMicros.add(micros(sent, e.occurredAt()));
            }
        } else if (event instanceof WorkflowCompleted || event instanceof WorkflowFailed
                || event instanceof WorkflowCancelled) {
            Instant submitted = submittedAt.remove(workflowId);
            if (submitted != null) {
                endToEndMicros.add(micros(submitted, e.occurredAt()));
            }
            if (!(event instanceof WorkflowCompleted)) {
                failedWorkflows.incrementAndGet();
            }
            finishedWorkflows.incrementAndGet();
        }
    }

    private void answer(String workflowId, TaskDispatched d) {
        Instant now = Instant.now();
        String accepted = "accepted:" + d.idempotencyKey();
        String completed = "completed:" + d.idempotencyKey();
        reportSentAt.put(completed, now);
        log.send(new CommandEnvelope(accepted, workflowId, now, serviceId, workflowId,
                new ReportTaskAccepted(d.taskId(), d.attempt(), serviceId)));
        log.send(new CommandEnvelope(completed, workflowId, now, serviceId, workflowId,
                new ReportTaskCompleted(d.taskId(), d.attempt(), JsonNodeFactory.instance.nullNode(), null, 0L,
                        serviceId, null)));
    }

    private static long micros(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1000);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        tail.close();
    }
}
