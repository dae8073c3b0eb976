package io.gleitzeit.services.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.protocol.AckError;
import io.gleitzeit.protocol.AckReply;
import io.gleitzeit.protocol.ClusterProtocol;
import io.gleitzeit.protocol.EndpointDeclaration;
import io.gleitzeit.protocol.EndpointHealth;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.Heartbeat;
import io.gleitzeit.protocol.NodeCapabilities;
import io.gleitzeit.protocol.NodeRegistration;
import io.gleitzeit.protocol.TaskAcceptance;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.TaskCancellation;
import io.gleitzeit.protocol.TaskCompletion;
import io.gleitzeit.protocol.TaskFailure;
import io.gleitzeit.protocol.TaskProgressReport;
import io.socket.client.Ack;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gleitzeit service: connects to a hub, registers, heartbeats, and runs assigned tasks with a {@link TaskHandler}
 * on a pool of {@link ServiceOptions#maxConcurrent()} workers.
 *
 * <p>Guarantees: an attempt (idempotency key {@code task_id:attempt}) runs at most once however often it is assigned;
 * a cancelled or timed-out attempt reports nothing more (a timeout reports one retryable {@code timeout} failure);
 * a result produced while disconnected is kept and re-sent after the next registration until a hub acknowledges it.
 *
 * <pre>{@code
 * try (var service = GleitzeitServiceClient.newBuilder(options, context -> compute(context.parameters())).build()) {
 *     service.start();
 *     service.awaitClose();
 * }
 * }</pre>
 */
public final class GleitzeitServiceClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GleitzeitServiceClient.class);

    private final ServiceOptions options;
    private final TaskHandler handler;
    private final Clock clock;
    private final Supplier<List<EndpointHealth>> endpointHealth;
    private final Supplier<List<EndpointDeclaration>> endpoints;
    private final Supplier<List<String>> models;
    private final String routingStrategy;
    private final WireJson json;
    private final ObjectMapper mapper;
    private final Instant startedAt;

    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final HubLink link;
    private final AttemptLedger ledger;
    private final Outbox outbox = new Outbox();
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private GleitzeitServiceClient(Builder b) {
        this.options = b.options;
        this.handler = b.handler;
        this.clock = b.clock;
        this.endpointHealth = b.endpointHealth;
        this.endpoints = b.endpoints != null ? b.endpoints : options::endpoints;
        this.models = b.models != null ? b.models : options::models;
        this.routingStrategy = b.routingStrategy;
        this.json = new WireJson(b.mapper);
        this.mapper = b.mapper;
        this.startedAt = clock.instant();
        this.ledger = new AttemptLedger(options.finishedAttemptsRemembered());
        this.workers = Executors.newFixedThreadPool(options.maxConcurrent(), daemonThreads("gleitzeit-task-"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("gleitzeit-service-"));
        this.link = new HubLink(options, json, scheduler, this::registration,
                List.of(EventNames.TASK_ASSIGN, EventNames.TASK_CANCEL), new LinkListener());
    }

    /** A client for the given options, running every assignment with the handler. */
    public static Builder newBuilder(ServiceOptions options, TaskHandler handler) {
        return new Builder(options, handler);
    }

    /** Connects (in the background, retrying until {@link #close()}) and starts heartbeats. Call once. */
    public void start() {
        if (closing.get()) {
            throw new IllegalStateException("closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        long interval = options.heartbeatInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
        link.start();
    }

    /**
     * Sends the registration again on the current connection, after what it announces changed (an endpoint was
     * added or removed); false when not registered, in which case the next registration carries the change.
     */
    public boolean announce() {
        return link.reregister();
    }

    public ServiceOptions options() {
        return options;
    }

    public ServiceStatus status() {
        return new ServiceStatus(link.isRegistered(), link.currentHub(), active.get(), completed.get(), failed.get(),
                outbox.size());
    }

    /** Blocks until {@link #close()} has finished, for a service's {@code main}. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops taking assignments, lets running tasks finish within {@link ServiceOptions#shutdownTimeout()}, then
     * interrupts the rest and reports them as retryable failures (so the hub can run them elsewhere), waits for
     * undelivered reports to be acknowledged (what is left of the shutdown timeout, at least one
     * {@link ServiceOptions#ackTimeout()}), and disconnects.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        Instant until = Instant.now().plus(options.shutdownTimeout());
        try {
            workers.shutdown();
            if (!workers.awaitTermination(remainingMillis(until), TimeUnit.MILLISECONDS)) {
                for (Attempt attempt : attempts.values()) {
                    if (attempt.finish(Attempt.State.FAILED)) {
                        failed.incrementAndGet();
                        attempt.interrupt();
                        report(attempt, new TaskFault("the service shut down before the task finished", "shutdown",
                                TaskFault.Retry.ALLOWED));
                    }
                }
            }
            // Reports (including the shutdown failures just made) get at least one ack timeout to reach the hub.
            Instant deliverUntil = until.isAfter(Instant.now().plus(options.ackTimeout()))
                    ? until : Instant.now().plus(options.ackTimeout());
            while (outbox.size() > 0 && link.isRegistered() && remainingMillis(deliverUntil) > 0) {
                Thread.sleep(Math.min(20, remainingMillis(deliverUntil)));
            }
            if (outbox.size() > 0) {
                log.warn("closing with {} result(s) no hub acknowledged", outbox.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            link.close();
            workers.shutdownNow();
            scheduler.shutdownNow();
            closed.countDown();
        }
    }

    private void awaitQuietly() {
        try {
            closed.await(options.shutdownTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- assignments -------------------------------------------------------------------------------------------

    private void onAssign(Object[] args) {
        Ack ack = args.length > 0 && args[args.length - 1] instanceof Ack a ? a : null;
        TaskAssignment assignment;
        try {
            assignment = json.in(args.length > 0 ? args[0] : null, TaskAssignment.class);
        } catch (Exception e) {
            log.warn("ignoring a malformed task:assign: {}", e.getMessage());
            answer(ack, AckReply.failure(AckError.BAD_REQUEST, "malformed task:assign: " + e.getMessage()));
            return;
        }
        if (closing.get()) {
            answer(ack, AckReply.failure("unavailable", "the service is shutting down"));
            return;
        }
        AttemptLedger.Admission admission = ledger.admit(assignment.idempotencyKey());
        if (admission != AttemptLedger.Admission.NEW) {
            log.debug("{} already {}; not running it again", assignment.idempotencyKey(), admission);
            answer(ack, AckReply.success("duplicate", true));
            return;
        }
        Instant deadline = deadlineOf(assignment);
        Attempt attempt = new Attempt(assignment, deadline, this::progress);
        attempts.put(attempt.key(), attempt);
        answer(ack, AckReply.success());
        if (deadline != null) {
            long delay = Duration.between(clock.instant(), deadline).toMillis();
            if (delay <= 0) {
                // already too late: fail it now rather than race a worker that might start it
                timeOut(attempt);
            } else {
                attempt.timer(scheduler.schedule(() -> timeOut(attempt), delay, TimeUnit.MILLISECONDS));
            }
        }
        try {
            workers.execute(() -> run(attempt));
        } catch (RuntimeException rejected) {
            // closing raced with this assignment: let the hub run it elsewhere
            if (attempt.finish(Attempt.State.FAILED)) {
                report(attempt, new TaskFault("the service is shutting down", "shutdown", TaskFault.Retry.ALLOWED));
            }
            forget(attempt);
        }
    }

    private Instant deadlineOf(TaskAssignment assignment) {
        Instant now = clock.instant();
        Instant deadline = assignment.deadline();
        for (Optional<Duration> limit : List.of(assignment.timeLimit(), handler.timeLimit(assignment))) {
            if (limit.isPresent()) {
                Instant candidate = now.plus(limit.get());
                deadline = deadline == null || candidate.isBefore(deadline) ? candidate : deadline;
            }
        }
        return deadline;
    }

    private void run(Attempt attempt) {
        if (!attempt.start()) {
            forget(attempt);
            return;
        }
        active.incrementAndGet();
        TaskAssignment a = attempt.assignment();
        link.emit(EventNames.TASK_ACCEPTED,
                new TaskAcceptance(a.taskId(), a.workflowId(), options.nodeId(), a.attempt()));
        long startedNanos = System.nanoTime();
        try {
            Object value = handler.handle(attempt);
            JsonNode result = value instanceof JsonNode node ? node : mapper.valueToTree(value);
            if (attempt.finish(Attempt.State.COMPLETED)) {
                completed.incrementAndGet();
                long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
                send("completed:" + attempt.key(), EventNames.TASK_COMPLETED, new TaskCompletion(a.taskId(),
                        a.workflowId(), result, options.nodeId(), options.name(), clock.instant(), a.attempt(),
                        attempt.reportedUsage(), attempt.reportedEndpoint(), durationMs));
            }
        } catch (Throwable thrown) {
            if (attempt.finish(Attempt.State.FAILED)) {
                failed.incrementAndGet();
                TaskFault fault = TaskFault.of(thrown);
                if (fault.retryable()) {
                    log.warn("{} failed: {}", attempt.key(), fault.message(), thrown);
                } else {
                    log.info("{} failed, not retryable: {}", attempt.key(), fault.message());
                }
                report(attempt, fault);
            }
            if (thrown instanceof Error error && !(thrown instanceof AssertionError)) {
                throw error;
            }
        } finally {
            active.decrementAndGet();
            attempt.release();
            forget(attempt);
        }
    }

    private void timeOut(Attempt attempt) {
        if (attempt.finish(Attempt.State.TIMED_OUT)) {
            failed.incrementAndGet();
            attempt.interrupt();
            log.info("{} timed out", attempt.key());
            report(attempt, TaskFault.timeout("the task did not finish by its deadline "
                    + attempt.deadline().map(Instant::toString).orElse("")));
        }
    }

    private void onCancel(Object[] args) {
        TaskCancellation cancel;
        try {
            cancel = json.in(args.length > 0 ? args[0] : null, TaskCancellation.class);
        } catch (Exception e) {
            log.warn("ignoring a malformed task:cancel: {}", e.getMessage());
            return;
        }
        if (args.length > 1 && args[args.length - 1] instanceof Ack ack) {
            answer(ack, AckReply.success());
        }
        for (Attempt attempt : attempts.values()) {
            TaskAssignment a = attempt.assignment();
            boolean matches = a.taskId().equals(cancel.taskId())
                    && (cancel.attempt() == null || cancel.attempt() == a.attempt());
            if (matches && attempt.finish(Attempt.State.CANCELLED)) {
                log.info("{} cancelled: {}", attempt.key(), cancel.reason());
                attempt.interrupt();
            }
        }
    }

    /** Drops a finished attempt from the running set; a repeated assignment of it is then recognised as finished. */
    private void forget(Attempt attempt) {
        if (attempts.remove(attempt.key(), attempt)) {
            ledger.finish(attempt.key());
        }
    }

    // --- reports -----------------------------------------------------------------------------------------------

    private void report(Attempt attempt, TaskFault fault) {
        TaskAssignment a = attempt.assignment();
        send("failed:" + attempt.key(), EventNames.TASK_FAILED, new TaskFailure(a.taskId(), a.workflowId(),
                fault.message(), options.nodeId(), clock.instant(), a.attempt(), fault.errorType(), fault.retryable(),
                options.name()));
    }

    private void send(String key, String event, Object payload) {
        deliver(outbox.put(key, event, payload));
    }

    /** Sends a report; it stays in the outbox until acknowledged and is sent again if no ack comes in time. */
    private void deliver(Outbox.Report report) {
        boolean sent = link.emitWithAck(report.event(), report.payload(), reply -> {
            if (!reply.ok()) {
                log.warn("the hub refused {}: {} {}", report.key(), reply.error().code(), reply.error().message());
            }
            outbox.acknowledged(report.key());
        });
        if (sent && !scheduler.isShutdown()) {
            scheduler.schedule(() -> {
                if (outbox.contains(report.key()) && link.isRegistered()) {
                    deliver(report);
                }
            }, options.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void progress(Attempt attempt, double percent, String message, String chunk, String endpointId) {
        TaskAssignment a = attempt.assignment();
        link.emit(EventNames.TASK_PROGRESS, new TaskProgressReport(a.taskId(), a.workflowId(), percent, message,
                options.nodeId(), clock.instant(), chunk, a.attempt(), endpointId));
    }

    private void heartbeat() {
        try {
            link.emit(EventNames.NODE_HEARTBEAT, new Heartbeat(options.nodeId(), options.name(),
                    closing.get() ? "stopping" : Heartbeat.STATUS_ACTIVE, ClusterProtocol.EXTERNAL_SERVICE_NODE_TYPE,
                    active.get(), options.maxConcurrent(), completed.get(), failed.get(),
                    Duration.between(startedAt, clock.instant()).toMillis() / 1000.0, options.taskTypes(),
                    clock.instant(), endpointHealth.get()));
        } catch (RuntimeException e) {
            // a failing health supplier must not stop the heartbeats
            log.warn("heartbeat failed: {}", e.toString());
        }
    }

    private NodeRegistration registration() {
        return new NodeRegistration(options.nodeId(), options.name(), ClusterProtocol.EXTERNAL_SERVICE_NODE_TYPE,
                NodeCapabilities.of(options.taskTypes(), options.maxConcurrent()), options.serviceType(),
                options.functions(), models.get(), endpoints.get(), options.version(), options.providers(),
                routingStrategy);
    }

    private void answer(Ack ack, AckReply reply) {
        if (ack != null) {
            ack.call(json.out(reply));
        }
    }

    private static long remainingMillis(Instant until) {
        return Math.max(0, Duration.between(Instant.now(), until).toMillis());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private final class LinkListener implements HubLink.Listener {
        @Override
        public void onRegistered(URI hub) {
            heartbeat();
            for (Outbox.Report report : outbox.all()) {
                deliver(report);
            }
        }

        @Override
        public void onLost() {
            // Reports stay in the outbox; they are sent again once registered with a hub.
        }

        @Override
        public void onEvent(String event, Object[] args) {
            try {
                if (EventNames.TASK_ASSIGN.equals(event)) {
                    onAssign(args);
                } else if (EventNames.TASK_CANCEL.equals(event)) {
                    onCancel(args);
                }
            } catch (RuntimeException e) {
                log.error("failed to handle {}", event, e);
            }
        }
    }

    /** Assembles a client; only the options and the handler are required. */
    public static final class Builder {
        private final ServiceOptions options;
        private final TaskHandler handler;
        private Clock clock = Clock.systemUTC();
        private Supplier<List<EndpointHealth>> endpointHealth = List::of;
        private Supplier<List<EndpointDeclaration>> endpoints;
        private Supplier<List<String>> models;
        private String routingStrategy;
        private ObjectMapper mapper = io.gleitzeit.event.codec.GleitzeitJson.newMapper();

        private Builder(ServiceOptions options, TaskHandler handler) {
            this.options = Objects.requireNonNull(options, "options");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The clock for timestamps, uptime and deadlines. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Per-endpoint health sent with every heartbeat (LLM services with GPU endpoints). */
        public Builder endpointHealth(Supplier<List<EndpointHealth>> endpointHealth) {
            this.endpointHealth = Objects.requireNonNull(endpointHealth, "endpointHealth");
            return this;
        }

        /**
         * The endpoints announced at each registration, read anew every time (endpoints added or removed at run
         * time); {@link ServiceOptions#endpoints()} by default.
         */
        public Builder endpoints(Supplier<List<EndpointDeclaration>> endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            return this;
        }

        /**
         * The models announced at each registration, read anew every time; {@link ServiceOptions#models()} by
         * default. An empty list tells the hub that any model may be asked for.
         */
        public Builder models(Supplier<List<String>> models) {
            this.models = Objects.requireNonNull(models, "models");
            return this;
        }

        /**
         * The strategy the hub should use among the endpoints, announced as {@code routing_strategy}; not announced
         * by default (the hub then uses {@code least_loaded}).
         */
        public Builder routingStrategy(String routingStrategy) {
            this.routingStrategy = routingStrategy;
            return this;
        }

        /** The mapper that turns handler results into JSON. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        public GleitzeitServiceClient build() {
            return new GleitzeitServiceClient(this);
        }
    }
}
