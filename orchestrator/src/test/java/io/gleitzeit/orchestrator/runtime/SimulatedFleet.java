package io.gleitzeit.orchestrator.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.redis.PartitionTail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Stands in for the services at the stream level (there is no hub in these tests): follows every partition's event
 * stream like a hub does, and answers each dispatch through the command streams like a service's reports would —
 * with duplicated and reordered reports, as at-least-once delivery produces them. What an attempt does is a pure
 * function of (task, attempt), so runs with different replica counts must end in the same states.
 */
final class SimulatedFleet implements AutoCloseable {
    /** What a simulated service does with one attempt. */
    enum Outcome { COMPLETE, FAIL_RETRYABLE, FAIL_PERMANENTLY, /** accepted, then never finished */ NO_ANSWER }

    private final EventLog log;
    private final PartitionTail tail;
    private final BiFunction<String, Integer, Outcome> behaviour;
    private final Random random;
    private final double duplicateRate;
    private final double reorderRate;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong dispatchesSeen = new AtomicLong();
    private final Thread thread;

    SimulatedFleet(EventLog log, PartitionTail tail, BiFunction<String, Integer, Outcome> behaviour, long seed,
                   double duplicateRate, double reorderRate) {
        this.log = log;
        this.tail = tail;
        this.behaviour = behaviour;
        this.random = new Random(seed);
        this.duplicateRate = duplicateRate;
        this.reorderRate = reorderRate;
        this.thread = new Thread(this::run, "simulated-fleet");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    long dispatchesSeen() {
        return dispatchesSeen.get();
    }

    private void run() {
        while (running.get()) {
            List<Commit> commits;
            try {
                commits = tail.next(Duration.ofMillis(100), 500);
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                throw e;
            }
            for (Commit commit : commits) {
                commit.events().forEach(e -> {
                    if (e.payload() instanceof TaskDispatched d) {
                        dispatchesSeen.incrementAndGet();
                        answer(commit.workflowId(), d);
                    }
                });
            }
        }
    }

    private void answer(String workflowId, TaskDispatched d) {
        String service = d.target().serviceId();
        List<CommandEnvelope> reports = new ArrayList<>();
        reports.add(report(workflowId, "accepted", d, new ReportTaskAccepted(d.taskId(), d.attempt(), service)));
        Outcome outcome = behaviour.apply(d.taskId(), d.attempt());
        if (outcome == Outcome.COMPLETE) {
            ObjectNode result = JsonNodeFactory.instance.objectNode()
                    .put("task", d.taskId()).put("echo", d.parameters().path("function").asText(""));
            if (d.parameters().has("args")) {
                // the resolved arguments, so tests can see what each attempt was given
                result.set("args", d.parameters().get("args"));
            }
            reports.add(report(workflowId, "completed", d,
                    new ReportTaskCompleted(d.taskId(), d.attempt(), result, null, 1L, service, null)));
        } else if (outcome != Outcome.NO_ANSWER) {
            boolean retryable = outcome == Outcome.FAIL_RETRYABLE;
            reports.add(report(workflowId, "failed", d, new ReportTaskFailed(d.taskId(), d.attempt(),
                    new TaskError("simulated " + outcome, "Simulated", retryable), service)));
        }
        if (random.nextDouble() < reorderRate) {
            Collections.reverse(reports);
        }
        List<CommandEnvelope> sent = new ArrayList<>(reports);
        for (CommandEnvelope r : reports) {
            if (random.nextDouble() < duplicateRate) {
                sent.add(r);
            }
        }
        for (CommandEnvelope r : sent) {
            log.send(r).toCompletableFuture().join();
        }
    }

    private static CommandEnvelope report(String workflowId, String kind, TaskDispatched d, WorkflowCommand payload) {
        // Deterministic ids, as a service's re-sent report would carry.
        return new CommandEnvelope(kind + ":" + d.taskId() + ":" + d.attempt(), workflowId, Instant.now(),
                "simulated-service", workflowId, payload);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        tail.close();
    }
}
