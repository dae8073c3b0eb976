package io.gleitzeit.orchestrator.hub.services;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.AckError;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.Problem;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.orchestrator.node.CommitListener;
import io.gleitzeit.protocol.EndpointHealth;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.Heartbeat;
import io.gleitzeit.protocol.NodeRegistration;
import io.gleitzeit.protocol.ServiceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services side of one hub: {@code node:register} and {@code node:heartbeat}, the sessions in Redis, and what
 * happens when a service goes away. A service that disconnects has {@link Timings#disconnectGrace()} to register
 * again (on this hub or any other); after that, or when it misses heartbeats for {@link Timings#heartbeatTimeout()},
 * it is released: {@link ServiceDisconnected} on the cluster stream and {@link ReleaseServiceTasks} to every workflow
 * with an attempt there, so the decider dispatches those tasks again elsewhere. Every hub renews a heartbeat key; the
 * surviving hubs release the services of a hub whose key expired. Exactly one hub releases a session (an atomic
 * compare-and-delete on it).
 */
public final class ServiceHub implements CommitListener, AutoCloseable {
    /** The room monitors join; registrations are broadcast there as {@code external_service:registered}. */
    public static final String MONITOR_ROOM = "monitors";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceHub.class);
    /** How long a released service's later dispatches are still released (they were routed from a stale view). */
    private static final Duration TOMBSTONE_TTL = Duration.ofMinutes(5);

    private final String hubId;
    private final EventLog log;
    private final ServiceSessions sessions;
    private final ServiceLifecycle lifecycle;
    private final Timings timings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, LocalService> services = new ConcurrentHashMap<>();
    private final Map<String, String> serviceBySocket = new ConcurrentHashMap<>();
    private final Map<String, EndpointHealth> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Instant> released = new ConcurrentHashMap<>();
    private final Set<String> releasing = ConcurrentHashMap.newKeySet();
    private volatile HubTransport transport;

    /**
     * The timings of the services side.
     *
     * @param heartbeatTimeout a service silent this long is gone
     * @param disconnectGrace  how long a disconnected service may take to come back
     * @param livenessInterval how often this hub beats and checks
     * @param hubTimeout       the life of a hub's heartbeat key
     */
    public record Timings(Duration heartbeatTimeout, Duration disconnectGrace, Duration livenessInterval,
                          Duration hubTimeout) {
        public Timings {
            Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
            Objects.requireNonNull(disconnectGrace, "disconnectGrace");
            Objects.requireNonNull(livenessInterval, "livenessInterval");
            Objects.requireNonNull(hubTimeout, "hubTimeout");
        }
    }

    public ServiceHub(String hubId, EventLog log, ServiceSessions sessions, ServiceLifecycle lifecycle,
                      Timings timings, Clock clock, ScheduledExecutorService scheduler) {
        this.hubId = Objects.requireNonNull(hubId, "hubId");
        this.log = Objects.requireNonNull(log, "log");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.timings = Objects.requireNonNull(timings, "timings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Registers the handlers on the transport (before it starts). */
    public void install(HubTransport transport) {
        this.transport = transport;
        transport.on(EventNames.NODE_REGISTER, NodeRegistration.class, Role.SERVICE, this::register);
        transport.on(EventNames.NODE_HEARTBEAT, Heartbeat.class, Role.SERVICE, this::heartbeat);
        transport.onDisconnect(this::socketClosed);
    }

    /** Beats now and then every liveness interval, checking services and hubs. */
    public void start() {
        sessions.beat(hubId, clock.instant(), timings.hubTimeout()).toCompletableFuture().join();
        long every = timings.livenessInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkLiveness, every, every, TimeUnit.MILLISECONDS);
    }

    /** The service with that id when this hub holds its socket (or held it, within the grace period). */
    public Optional<LocalService> local(String serviceId) {
        return Optional.ofNullable(services.get(serviceId));
    }

    /** The service registered over this connection, if any. */
    public Optional<LocalService> serviceOf(HubClient client) {
        String serviceId = serviceBySocket.get(client.id());
        return serviceId == null ? Optional.empty() : local(serviceId);
    }

    /** A report or other message from a service is a sign of life, like a heartbeat. */
    public void seen(String serviceId) {
        if (services.containsKey(serviceId)) {
            sessions.touch(serviceId, clock.instant());
        }
    }

    // ---- node:register --------------------------------------------------------------------------------------------

    private void register(HubClient client, NodeRegistration r, Ack ack) {
        List<Problem> problems = RegistrationCheck.problems(r);
        if (!problems.isEmpty()) {
            ack.error(AckError.badRequest("the registration is invalid", problems));
            return;
        }
        Instant now = clock.instant();
        ServiceRegistered event = registered(r, client.id());
        LocalService service = new LocalService(r.nodeId(), r.name(), client, event.maxConcurrent());
        // Held locally before the session exists in Redis, so that no liveness check (here or on another hub) can
        // take the new session for one this hub has lost.
        LocalService previous = services.put(r.nodeId(), service);
        if (previous != null && !previous.client().equals(client)) {
            serviceBySocket.remove(previous.client().id(), r.nodeId());
            if (previous.client().isConnected()) {
                // a reconnect whose old socket is not closed yet, or two services sharing one node_id: the second
                // takes the session, and the first one's reports are refused from now on
                LOG.warn("service {} registered again over a new connection while its previous one is still open; "
                        + "the previous connection no longer serves it (each service needs its own node_id)",
                        r.nodeId());
            }
        }
        serviceBySocket.put(client.id(), r.nodeId());
        released.remove(r.nodeId());
        ack.completeWith(sessions.open(r.nodeId(), r.name(), hubId, client.id(), event.maxConcurrent(), now)
                .thenCompose(ignored -> log.appendClusterEvent(envelope(event, "register:" + r.nodeId(), now)))
                .handle((position, error) -> {
                    if (error != null) {
                        services.remove(r.nodeId(), service);
                        serviceBySocket.remove(client.id(), r.nodeId());
                        throw new java.util.concurrent.CompletionException(error);
                    }
                    lifecycle.registered(service);
                    broadcastRegistered(r, event);
                    LOG.info("service {} ({}) registered on hub {}: {} x{}", r.nodeId(), r.name(), hubId,
                            event.taskTypes(), event.maxConcurrent());
                    return Map.of("service_id", r.nodeId());
                }));
    }

    private void broadcastRegistered(NodeRegistration r, ServiceRegistered event) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("node_id", r.nodeId());
        notice.put("service_id", r.nodeId());
        notice.put("name", r.name());
        notice.put("node_type", r.nodeType());
        notice.put("service_type", event.serviceType());
        notice.put("task_types", event.taskTypes());
        notice.put("max_concurrent_tasks", event.maxConcurrent());
        notice.put("functions", event.functions());
        notice.put("models", event.models());
        notice.put("providers", event.providers());
        notice.put("hub_id", hubId);
        notice.put("timestamp", clock.instant().toString());
        transport.broadcast(MONITOR_ROOM, EventNames.EXTERNAL_SERVICE_REGISTERED, notice);
    }

    private ServiceRegistered registered(NodeRegistration r, String session) {
        List<EndpointInfo> endpointInfos = r.endpoints().stream()
                .map(e -> new EndpointInfo(e.endpointId(), e.url(), e.models(), e.gpu(), e.maxConcurrent(),
                        e.priority(), e.tags()))
                .toList();
        ServiceType type = r.serviceType() == null ? ServiceType.CUSTOM : r.serviceType();
        return new ServiceRegistered(r.nodeId(), r.name(), type.wireName(), hubId, r.capabilities().taskTypes(),
                r.capabilities().maxConcurrentTasks(), r.functions(), r.models(), r.providers(), endpointInfos,
                r.version(), session, r.routingStrategy());
    }

    // ---- node:heartbeat -------------------------------------------------------------------------------------------

    private void heartbeat(HubClient client, Heartbeat beat, Ack ack) {
        LocalService service = services.get(beat.nodeId());
        if (service == null || !service.client().equals(client)) {
            ack.error(AckError.of("not_registered", "service " + beat.nodeId()
                    + " is not registered on this connection; send node:register first"));
            return;
        }
        Instant now = clock.instant();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        writes.add(sessions.touch(beat.nodeId(), now).toCompletableFuture());
        for (EndpointHealth e : beat.endpoints()) {
            String key = beat.nodeId() + "|" + e.endpointId();
            EndpointHealth before = endpoints.put(key, e);
            if (EndpointChange.isMaterial(before, e)) {
                EndpointStatusReported event = new EndpointStatusReported(beat.nodeId(), e.endpointId(), e.healthy(),
                        e.inFlight(), e.loadedModels(), nonNull(e.vramUsedBytes()), nonNull(e.vramTotalBytes()),
                        e.ewmaLatencyMs());
                writes.add(log.appendClusterEvent(envelope(event, "endpoint:" + key, now)).toCompletableFuture());
            }
        }
        ack.completeWith(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }

    private static long nonNull(Long value) {
        return value == null ? 0 : value;
    }

    // ---- going away -----------------------------------------------------------------------------------------------

    private void socketClosed(HubClient client) {
        String serviceId = serviceBySocket.get(client.id());
        if (serviceId == null) {
            return;
        }
        if (scheduler.isShutdown()) {
            return; // the hub is stopping: the other hubs release what it held once its heartbeat key is gone
        }
        LOG.info("service {} disconnected from hub {}; {} to come back", serviceId, hubId, timings.disconnectGrace());
        lifecycle.disconnected(serviceId);
        scheduler.schedule(() -> graceOver(serviceId, client), timings.disconnectGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void graceOver(String serviceId, HubClient client) {
        LocalService current = services.get(serviceId);
        if (current != null && !current.client().equals(client)) {
            // it registered again on this hub: the new connection serves it
            serviceBySocket.remove(client.id(), serviceId);
            return;
        }
        release(serviceId, client.id(), "disconnected");
    }

    /**
     * Releases a service whose session is the one over {@code socketId}: ends the session (exactly one caller
     * succeeds), records {@link ServiceDisconnected}, and sends {@link ReleaseServiceTasks} to each workflow with an
     * attempt held for it. When the service registered again meanwhile (its session is a newer one), only this hub's
     * local state is dropped.
     */
    CompletionStage<Void> release(String serviceId, String socketId, String reason) {
        if (!releasing.add(serviceId + "|" + socketId)) {
            return CompletableFuture.completedFuture(null);
        }
        Instant now = clock.instant();
        return sessions.endIfSame(serviceId, socketId).thenCompose(ended -> {
            dropLocal(serviceId, socketId);
            if (!ended) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            released.put(serviceId, now);
            LOG.info("releasing service {}: {}", serviceId, reason);
            return log.appendClusterEvent(envelope(new ServiceDisconnected(serviceId, reason, socketId),
                            "disconnect:" + serviceId + ":" + socketId, now))
                    .thenCompose(ignored -> releaseAttempts(serviceId, socketId, reason));
        }).whenComplete((ok, error) -> {
            releasing.remove(serviceId + "|" + socketId);
            if (error != null) {
                LOG.error("releasing service {} failed", serviceId, error);
            }
        });
    }

    private void dropLocal(String serviceId, String socketId) {
        LocalService local = services.get(serviceId);
        if (local != null && local.client().id().equals(socketId)) {
            services.remove(serviceId, local);
            endpoints.keySet().removeIf(k -> k.startsWith(serviceId + "|"));
            lifecycle.gone(serviceId);
        }
        serviceBySocket.remove(socketId, serviceId);
    }

    private CompletionStage<Void> releaseAttempts(String serviceId, String socketId, String reason) {
        return sessions.attempts(serviceId).thenCompose(held -> {
            Set<String> workflows = new LinkedHashSet<>(held.values());
            workflows.addAll(lifecycle.openAttempts(serviceId).values());
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (String workflowId : workflows) {
                sends.add(sendRelease(serviceId, workflowId, "release:" + serviceId + ":" + socketId + ":"
                        + workflowId, reason).toCompletableFuture());
            }
            return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .thenCompose(ignored -> sessions.forgetAttempts(serviceId, List.copyOf(held.keySet())));
        });
    }

    private CompletionStage<?> sendRelease(String serviceId, String workflowId, String commandId, String reason) {
        return log.send(new CommandEnvelope(commandId, workflowId, clock.instant(), hubId, null,
                new ReleaseServiceTasks(serviceId, reason)));
    }

    /**
     * A dispatch routed to a service that was released before the projections caught up would wait forever: release
     * it too. Only the hub that released the service acts, so this costs nothing on the others.
     */
    @Override
    public void onCommit(Commit commit) {
        if (released.isEmpty()) {
            return;
        }
        for (var envelope : commit.events()) {
            if (envelope.payload() instanceof TaskDispatched d && released.containsKey(d.target().serviceId())) {
                String serviceId = d.target().serviceId();
                sessions.session(serviceId).thenAccept(session -> {
                    if (session.isEmpty()) {
                        sendRelease(serviceId, commit.workflowId(), "release:" + serviceId + ":" + d.idempotencyKey(),
                                "dispatched after the service was released");
                    }
                });
            }
        }
    }

    private void checkLiveness() {
        try {
            Instant now = clock.instant();
            sessions.beat(hubId, now, timings.hubTimeout());
            released.values().removeIf(at -> at.plus(TOMBSTONE_TTL).isBefore(now));
            Map<String, Instant> lastSeen = sessions.lastSeen().toCompletableFuture().get(5, TimeUnit.SECONDS);
            for (Map.Entry<String, Instant> e : lastSeen.entrySet()) {
                checkService(e.getKey(), e.getValue(), now);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("the liveness check on hub {} failed: {}", hubId, e.toString());
        }
    }

    private void checkService(String serviceId, Instant lastSeen, Instant now) throws Exception {
        boolean silent = lastSeen.plus(timings.heartbeatTimeout()).isBefore(now);
        LocalService local = services.get(serviceId);
        if (local != null) {
            if (silent) {
                release(serviceId, local.client().id(), "missed heartbeats for " + timings.heartbeatTimeout());
                local.client().disconnect();
            }
            return;
        }
        Map<String, String> session = sessions.session(serviceId).toCompletableFuture().get(5, TimeUnit.SECONDS)
                .orElse(null);
        if (session == null) {
            return;
        }
        String holder = session.get("hub");
        String socket = session.getOrDefault("socket", "");
        if (hubId.equals(holder)) {
            // a session of this hub's id that this process does not hold: left by an earlier run of this hub
            release(serviceId, socket, "hub " + holder + " restarted");
        } else if (!sessions.hubAlive(holder).toCompletableFuture().get(5, TimeUnit.SECONDS)) {
            release(serviceId, socket, "hub " + holder + " is gone");
        } else if (lastSeen.plus(timings.heartbeatTimeout()).plus(timings.hubTimeout()).isBefore(now)) {
            release(serviceId, socket, "missed heartbeats; hub " + holder + " did not release it");
        }
    }

    private EventEnvelope<ClusterEvent> envelope(ClusterEvent event, String cause, Instant at) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), null, 0, at, cause, cause, hubId, event);
    }

    /** Removes this hub's heartbeat key: its services are released by the other hubs (or by this hub's next run). */
    @Override
    public void close() {
        try {
            sessions.retire(hubId).toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("could not remove the heartbeat key of hub {}: {}", hubId, e.toString());
        }
    }
}
