package io.gleitzeit.orchestrator.hub.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.orchestrator.hub.services.LocalService;
import io.gleitzeit.orchestrator.hub.services.ServiceLifecycle;
import io.gleitzeit.orchestrator.hub.services.ServiceSessions;
import io.gleitzeit.orchestrator.node.CommitListener;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskCancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers dispatches to the services whose sockets this hub holds. The hub follows every partition's event stream
 * (the node's commit feed) and takes the {@link TaskDispatched} events whose target names this hub: the partition
 * streams are the dispatch streams, so the decider's atomic append stays in one hash slot and no second stream can
 * disagree with it. Each dispatch becomes a {@code task:assign} with an ack callback; the ack, or any report for that
 * attempt, is its receipt. Without receipt within the ack timeout it is sent again, then the attempt fails as
 * retryable ({@code dispatch_unacknowledged}), the hub closes the silent connection, and the decider routes the
 * attempt anew. A service that refuses an assignment ({@code ok: false}) fails it as {@code dispatch_refused}. A
 * service never has more assignments
 * outstanding than its {@code max_concurrent_tasks}: the surplus waits here, in dispatch order. Cancelled attempts
 * get {@code task:cancel}. Attempts held for a service are also recorded in Redis ({@link ServiceSessions}), so that
 * the hub a service registers with next re-delivers them, and a hub releasing the service knows its workflows.
 */
public final class DispatchRelay implements CommitListener, ServiceLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchRelay.class);
    private static final int DEFINITION_CACHE = 10_000;

    private final String hubId;
    private final EventLog log;
    private final ServiceSessions sessions;
    private final Duration ackTimeout;
    private final int resends;
    private final Clock clock;
    private final DispatchMetrics metrics = new DispatchMetrics();
    private final Map<String, Queue> queues = new HashMap<>();
    private final OpenElsewhere openElsewhere = new OpenElsewhere();
    private final Map<String, WorkflowDefinition> definitions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WorkflowDefinition> eldest) {
            return size() > DEFINITION_CACHE;
        }
    };

    /** The attempts of one service: sent and not ended, and waiting for a free slot. */
    private static final class Queue {
        LocalService service;
        boolean connected;
        final Map<String, Delivery> outstanding = new LinkedHashMap<>();
        final Deque<Delivery> waiting = new ArrayDeque<>();
    }

    public DispatchRelay(String hubId, EventLog log, ServiceSessions sessions, Duration ackTimeout, int resends,
                         Clock clock) {
        this.hubId = Objects.requireNonNull(hubId, "hubId");
        this.log = Objects.requireNonNull(log, "log");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
        this.resends = resends;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DispatchMetrics metrics() {
        return metrics;
    }

    // ---- commits --------------------------------------------------------------------------------------------------

    @Override
    public void onCommit(Commit commit) {
        for (EventEnvelope<WorkflowEvent> e : commit.events()) {
            WorkflowEvent payload = e.payload();
            if (payload instanceof WorkflowSubmitted s) {
                synchronized (this) {
                    definitions.put(commit.workflowId(), s.definition());
                }
            } else if (payload instanceof TaskDispatched d) {
                dispatched(commit.workflowId(), d, e.occurredAt());
            } else if (payload instanceof TaskCompleted c) {
                ended(c.taskId(), c.attempt(), null);
            } else if (payload instanceof TaskFailed f) {
                ended(f.taskId(), f.attempt(), null);
            } else if (payload instanceof TaskTimedOut t) {
                ended(t.taskId(), t.attempt(), "timed out");
            } else if (payload instanceof TaskCancelled c && c.attempt() > 0) {
                ended(c.taskId(), c.attempt(), c.reason());
            }
        }
    }

    /**
     * Every hub sees every dispatch. The hub it is addressed to delivers it, and so does a hub that holds the service's
     * socket although the dispatch names another hub: the decider routed from a view older than the service's move
     * here. Every other hub remembers it until it ends ({@link OpenElsewhere}), so that it is delivered wherever the
     * service registers next, and released with the service if that is where it ends.
     */
    private void dispatched(String workflowId, TaskDispatched d, Instant at) {
        String serviceId = d.target().serviceId();
        boolean addressedHere = hubId.equals(d.target().hubId());
        boolean deliverHere;
        synchronized (this) {
            Queue q = queues.get(serviceId);
            deliverHere = q != null && (addressedHere || q.connected);
            if (!deliverHere) {
                openElsewhere.remember(workflowId, d, at);
            }
        }
        if (addressedHere || deliverHere) {
            sessions.recordAttempt(serviceId, d.idempotencyKey(), workflowId);
        }
        if (deliverHere) {
            enqueue(workflowId, d, at);
        } else if (addressedHere) {
            releaseIfHeldNowhere(workflowId, d);
        }
    }

    /**
     * A dispatch addressed to this hub for a service it does not hold. When another hub holds the service, that hub
     * delivers it; when the service's session ended (it was released before the projections caught up), nobody
     * would: hand the attempt back to the decider.
     */
    private void releaseIfHeldNowhere(String workflowId, TaskDispatched d) {
        String serviceId = d.target().serviceId();
        sessions.session(serviceId).thenAccept(session -> {
            if (session.isEmpty()) {
                release(serviceId, workflowId, "release:" + serviceId + ":" + d.idempotencyKey(),
                        "service " + serviceId + " is not connected to any hub");
            }
        }).exceptionally(error -> {
            LOG.warn("cannot tell where service {} is connected; {} waits for its release or its return",
                    serviceId, d.idempotencyKey(), error);
            return null;
        });
    }

    /** Queues an attempt for a service this hub holds and sends what its capacity allows. */
    private void enqueue(String workflowId, TaskDispatched d, Instant at) {
        String serviceId = d.target().serviceId();
        definition(workflowId).thenAccept(def -> {
            Delivery delivery = new Delivery(workflowId, Assignments.of(def, d, at));
            synchronized (this) {
                Queue q = queues.get(serviceId);
                if (q == null) {
                    openElsewhere.remember(workflowId, d, at); // it left this hub meanwhile
                    return;
                }
                if (q.outstanding.containsKey(delivery.key())
                        || q.waiting.stream().anyMatch(w -> w.key().equals(delivery.key()))) {
                    return;
                }
                q.waiting.addLast(delivery);
            }
            pump(serviceId);
        }).exceptionally(error -> {
            LOG.error("cannot deliver {} of workflow {}: its definition could not be read", d.idempotencyKey(),
                    workflowId, error);
            return null;
        });
    }

    private CompletionStage<WorkflowDefinition> definition(String workflowId) {
        synchronized (this) {
            WorkflowDefinition cached = definitions.get(workflowId);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
        }
        return log.readWorkflow(workflowId, 0).thenApply(events -> {
            for (EventEnvelope<WorkflowEvent> e : events) {
                if (e.payload() instanceof WorkflowSubmitted s) {
                    synchronized (this) {
                        definitions.put(workflowId, s.definition());
                    }
                    return s.definition();
                }
            }
            throw new IllegalStateException("workflow " + workflowId + " has no submission event");
        });
    }

    private void ended(String taskId, int attempt, String cancelReason) {
        String key = taskId + ":" + attempt;
        String serviceId = null;
        Delivery sent = null;
        LocalService service = null;
        synchronized (this) {
            openElsewhere.forget(key);
            for (Map.Entry<String, Queue> entry : queues.entrySet()) {
                Queue q = entry.getValue();
                Delivery d = q.outstanding.remove(key);
                if (d != null) {
                    serviceId = entry.getKey();
                    sent = d;
                    service = q.connected ? q.service : null;
                    break;
                }
                if (q.waiting.removeIf(w -> w.key().equals(key))) {
                    serviceId = entry.getKey();
                    break;
                }
            }
        }
        if (serviceId == null) {
            return;
        }
        sessions.forgetAttempt(serviceId, key);
        if (sent != null && cancelReason != null && service != null) {
            service.client().emit(EventNames.TASK_CANCEL,
                    new TaskCancellation(taskId, sent.workflowId, cancelReason, attempt));
        }
        pump(serviceId);
    }

    // ---- receipts -------------------------------------------------------------------------------------------------

    /**
     * A report for an attempt arrived from its service: that is a receipt as good as the ack.
     *
     * @return the workflow of the attempt, when this hub holds it
     */
    public synchronized Optional<String> receipt(String serviceId, String taskId, int attempt) {
        Queue q = queues.get(serviceId);
        Delivery d = q == null ? null : q.outstanding.get(taskId + ":" + attempt);
        if (d == null) {
            return Optional.empty();
        }
        markReceived(d);
        return Optional.of(d.workflowId);
    }

    /** The attempt of {@code taskId} this hub sent to the service, for reports that do not name their attempt. */
    public synchronized Optional<Integer> currentAttempt(String serviceId, String taskId) {
        Queue q = queues.get(serviceId);
        if (q == null) {
            return Optional.empty();
        }
        return q.outstanding.values().stream().filter(d -> d.assignment.taskId().equals(taskId))
                .map(d -> d.assignment.attempt()).max(Integer::compare);
    }

    private void markReceived(Delivery d) {
        if (!d.received) {
            d.received = true;
            metrics.received(Duration.between(d.firstSentAt, clock.instant()));
        }
    }

    // ---- sending --------------------------------------------------------------------------------------------------

    private void pump(String serviceId) {
        List<Delivery> toSend = new ArrayList<>();
        LocalService service;
        synchronized (this) {
            Queue q = queues.get(serviceId);
            if (q == null || !q.connected) {
                return;
            }
            service = q.service;
            while (q.outstanding.size() < service.maxConcurrent() && !q.waiting.isEmpty()) {
                Delivery d = q.waiting.pollFirst();
                q.outstanding.put(d.key(), d);
                toSend.add(d);
            }
            if (!q.waiting.isEmpty()) {
                metrics.queued();
            }
        }
        toSend.forEach(d -> send(service, d));
    }

    private void send(LocalService service, Delivery d) {
        boolean again;
        synchronized (this) {
            again = d.sends > 0;
            d.sends++;
            if (d.firstSentAt == null) {
                d.firstSentAt = clock.instant();
            }
        }
        metrics.sent(again);
        service.client().request(EventNames.TASK_ASSIGN, d.assignment, ackTimeout).whenComplete((answer, error) ->
                answered(service, d, answer, error));
    }

    private void answered(LocalService service, Delivery d, JsonNode answer, Throwable error) {
        String refusal = null;
        synchronized (this) {
            Queue q = queues.get(service.serviceId());
            if (q == null || q.outstanding.get(d.key()) != d) {
                return; // ended, released, or re-delivered meanwhile
            }
            if (error == null && !answer.path("ok").isBoolean()) {
                markReceived(d); // a service of the original protocol acks with anything
                return;
            }
            if (error == null && answer.path("ok").asBoolean()) {
                markReceived(d);
                return;
            }
            if (d.received) {
                return;
            }
            if (error == null) {
                refusal = answer.path("error").path("message").asText(answer.toString());
            } else if (!q.connected || q.service != service) {
                return; // it disconnected: re-delivered when it registers again, released otherwise
            } else if (d.sends <= resends) {
                LOG.info("no ack for {} from {}; sending it again", d.key(), service.serviceId());
                send(service, d);
                return;
            }
        }
        if (refusal != null) {
            fail(service, d, refusal);
            return;
        }
        // The service may have registered again over another connection, to another hub, while this one died
        // silently: that hub delivers the attempt, so failing it here would only have it run twice.
        sessions.session(service.serviceId()).whenComplete((session, lookupError) -> {
            String socket = session == null ? null : session.map(m -> m.get("socket")).orElse(null);
            if (socket != null && !socket.equals(service.client().id())) {
                LOG.info("no ack for {} over an old connection of {}; its new connection gets it", d.key(),
                        service.serviceId());
                service.client().disconnect();
                return;
            }
            fail(service, d, null);
        });
    }

    private void fail(LocalService service, Delivery d, String refusal) {
        metrics.failedUnacknowledged();
        String message = refusal != null
                ? "service " + service.serviceId() + " refused the assignment: " + refusal
                : "service " + service.serviceId() + " did not acknowledge task:assign after " + d.sends
                        + " sends of " + ackTimeout.toMillis() + " ms";
        LOG.warn("attempt {} fails: {}", d.key(), message);
        String kind = refusal != null ? "refused" : "unacknowledged";
        if (refusal == null) {
            // Silent through every re-send: the connection is dead in all but name. Closing it makes a live service
            // reconnect and register again, and releases a dead one's other attempts after the grace period.
            service.client().disconnect();
        }
        log.send(new CommandEnvelope(kind + ":" + d.assignment.taskId() + ":" + d.assignment.attempt(),
                d.workflowId, clock.instant(), hubId, null, new ReportTaskFailed(d.assignment.taskId(),
                d.assignment.attempt(), new TaskError(message, "dispatch_" + kind, true), service.serviceId())));
    }

    private void release(String serviceId, String workflowId, String commandId, String reason) {
        log.send(new CommandEnvelope(commandId, workflowId, clock.instant(), hubId, null,
                new ReleaseServiceTasks(serviceId, reason)));
    }

    // ---- service lifecycle ----------------------------------------------------------------------------------------

    @Override
    public void registered(LocalService service) {
        List<Delivery> again = new ArrayList<>();
        List<OpenElsewhere.Attempt> moved;
        synchronized (this) {
            Queue q = queues.computeIfAbsent(service.serviceId(), id -> new Queue());
            q.service = service;
            q.connected = true;
            for (Delivery d : q.outstanding.values()) {
                d.sends = 0;
                d.received = false;
                again.add(d);
            }
            moved = openElsewhere.takeFor(service.serviceId());
        }
        again.forEach(d -> send(service, d));
        for (OpenElsewhere.Attempt a : moved) {
            sessions.recordAttempt(service.serviceId(), a.dispatch().idempotencyKey(), a.workflowId());
            enqueue(a.workflowId(), a.dispatch(), a.at());
        }
        adoptRecorded(service);
        pump(service.serviceId());
    }

    /** Attempts recorded for the service by another hub (it was connected there before): deliver them here. */
    private void adoptRecorded(LocalService service) {
        sessions.attempts(service.serviceId()).thenAccept(recorded -> recorded.forEach((key, workflowId) -> {
            synchronized (this) {
                Queue q = queues.get(service.serviceId());
                if (q == null || q.outstanding.containsKey(key)
                        || q.waiting.stream().anyMatch(w -> w.key().equals(key))) {
                    return;
                }
            }
            openDispatch(workflowId, key).thenAccept(found -> found.ifPresentOrElse(
                    e -> enqueue(workflowId, (TaskDispatched) e.payload(), e.occurredAt()),
                    () -> sessions.forgetAttempt(service.serviceId(), key)));
        }));
    }

    /** The dispatch event of an attempt, when the attempt has not ended. */
    private CompletionStage<Optional<EventEnvelope<WorkflowEvent>>> openDispatch(String workflowId, String key) {
        return log.readWorkflow(workflowId, 0).thenApply(events -> {
            EventEnvelope<WorkflowEvent> dispatch = null;
            for (EventEnvelope<WorkflowEvent> e : events) {
                WorkflowEvent p = e.payload();
                if (p instanceof TaskDispatched d && d.idempotencyKey().equals(key)) {
                    dispatch = e;
                } else if (dispatch != null && endsAttempt(p, key)) {
                    return Optional.empty();
                }
            }
            return Optional.ofNullable(dispatch);
        });
    }

    private static boolean endsAttempt(WorkflowEvent p, String key) {
        return (p instanceof TaskCompleted c && (c.taskId() + ":" + c.attempt()).equals(key))
                || (p instanceof TaskFailed f && (f.taskId() + ":" + f.attempt()).equals(key))
                || (p instanceof TaskTimedOut t && (t.taskId() + ":" + t.attempt()).equals(key))
                || (p instanceof TaskCancelled c && (c.taskId() + ":" + c.attempt()).equals(key));
    }

    @Override
    public synchronized void disconnected(String serviceId) {
        Queue q = queues.get(serviceId);
        if (q != null) {
            q.connected = false;
        }
    }

    @Override
    public synchronized void gone(String serviceId) {
        queues.remove(serviceId);
    }

    @Override
    public synchronized Map<String, String> openAttempts(String serviceId) {
        Map<String, String> open = new LinkedHashMap<>(openElsewhere.of(serviceId));
        Queue q = queues.get(serviceId);
        if (q != null) {
            q.outstanding.values().forEach(d -> open.put(d.key(), d.workflowId));
            q.waiting.forEach(d -> open.put(d.key(), d.workflowId));
        }
        return open;
    }

    /**
     * What this hub holds for a service.
     *
     * @param outstanding attempts sent and not yet ended (never more than the service's capacity)
     * @param waiting     attempts waiting here for a free slot
     */
    public record Held(int outstanding, int waiting) {
    }

    /** What this hub holds for the service now. */
    public synchronized Held held(String serviceId) {
        Queue q = queues.get(serviceId);
        return q == null ? new Held(0, 0) : new Held(q.outstanding.size(), q.waiting.size());
    }
}
