package io.gleitzeit.orchestrator.node;

import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.orchestrator.routing.EndpointCandidate;
import io.gleitzeit.orchestrator.routing.EndpointStrategy;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.orchestrator.runtime.RoutingSource;
import io.gleitzeit.projections.load.EndpointLoad;
import io.gleitzeit.projections.load.LoadView;
import io.gleitzeit.projections.load.ServiceLoad;
import io.gleitzeit.projections.registry.ServiceRecord;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing from the projections: the connected services of the service registry with their in-flight counts from the
 * load model, and their endpoints with the load model's per-endpoint figures (in flight, health, loaded models,
 * latency), re-read every refresh period (three reads), not per decision. The load projection applies events in
 * batches, so the node also counts dispatches and ended attempts from its commit feed as they are appended
 * ({@link LiveLoad}) and routes with the larger count; a decision's own dispatches count within it. Decisions racing
 * each other may still hand a service more than its capacity; its hub then queues the surplus (see
 * {@code hub.dispatch}), so {@code max_concurrent_tasks} holds on the wire. Listeners hear of every refresh and of
 * every live change (a dispatch, or a freed slot), so waiting workflows are woken without waiting for the next refresh.
 */
public final class ProjectedRoutingSource implements RoutingSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectedRoutingSource.class);

    private final ServiceRegistryView registry;
    private final LoadView load;
    private final Duration period;
    private final List<Consumer<RoutingSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final LiveLoad live = new LiveLoad(this::liveChanged);
    private volatile List<ServiceRecord> connected = List.of();
    private volatile Map<String, ServiceLoad> loads = Map.of();
    private volatile Map<String, EndpointLoad> endpointLoads = Map.of();
    private volatile Composed composed = new Composed(-1, -1, RoutingSnapshot.empty());
    private final AtomicLong reads = new AtomicLong();

    /** The snapshot composed from one projection read and one live version. */
    private record Composed(long read, long liveVersion, RoutingSnapshot snapshot) {
    }

    public ProjectedRoutingSource(ServiceRegistryView registry, LoadView load, Duration period, String name) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.load = Objects.requireNonNull(load, "load");
        this.period = Objects.requireNonNull(period, "period");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-routing");
            t.setDaemon(true);
            return t;
        });
    }

    /** Told after each refresh with the new snapshot, on the refresh thread; must not block. */
    public void onRefresh(Consumer<RoutingSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Reads once now (so the first decisions see the services), then every period. */
    public void start() {
        refresh();
        long every = period.toMillis();
        scheduler.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void decided(List<WorkflowEvent> events) {
        live.decided(events);
    }

    /** Counts dispatches and ended attempts from the node's commit feed, ahead of the projection. */
    CommitListener liveLoad() {
        return live;
    }

    @Override
    public RoutingSnapshot current() {
        Composed c = composed;
        long read = reads.get();
        long version = live.version();
        if (c.read() == read && c.liveVersion() == version) {
            return c.snapshot();
        }
        Map<String, EndpointLoad> endpoints = endpointLoads;
        RoutingSnapshot snapshot = snapshotOf(connected,
                id -> Math.max(live.inFlight(id), projected(id) - live.endedSinceRead(id)),
                (id, info) -> endpointCandidate(id, info, endpoints.get(LiveLoad.endpointKey(id, info.endpointId()))));
        composed = new Composed(read, version, snapshot);
        return snapshot;
    }

    /**
     * An endpoint as declared at registration with its projected figures (health, loaded models, latency), in flight
     * counted as for services: the larger of the live count and the projected one less what ended since the read.
     * Its dispatch count (round robin's figure) is what the node saw dispatched since it started plus what the
     * projection showed from before ({@link LiveLoad#dispatched}), so every replica counts the same dispatches.
     */
    private EndpointCandidate endpointCandidate(String serviceId, EndpointInfo info, EndpointLoad projected) {
        String endpointId = info.endpointId();
        int projectedInFlight = projected == null ? 0 : projected.inFlight();
        int inFlight = Math.max(live.inFlight(serviceId, endpointId),
                projectedInFlight - live.endedSinceRead(serviceId, endpointId));
        long dispatched = live.dispatched(serviceId, endpointId, projected == null ? 0 : projected.tasksDispatched());
        EndpointCandidate c = EndpointCandidate.idle(endpointId, info.maxConcurrent()).withModels(info.models())
                .withPriority(info.priority()).withInFlight(inFlight).withDispatched(dispatched);
        return projected == null ? c : c.withHealth(projected.healthy()).withLoadedModels(projected.loadedModels())
                .withLatency(projected.ewmaLatencyMs());
    }

    private int projected(String serviceId) {
        ServiceLoad l = loads.get(serviceId);
        return l == null ? 0 : l.inFlight();
    }

    /**
     * A dispatch or an ended attempt changed the counts: tell the listeners at once, on the refresh thread, rather
     * than at the next refresh (a freed slot is then used within milliseconds).
     */
    private void liveChanged() {
        if (!scheduler.isShutdown()) {
            scheduler.execute(() -> notifyListeners(current()));
        }
    }

    /** Reads the projections now and replaces the snapshot. */
    public RoutingSnapshot refresh() {
        try {
            live.projectionRead();
            List<ServiceRecord> services = registry.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            Map<String, ServiceLoad> figures = load.services().toCompletableFuture().get(5, TimeUnit.SECONDS)
                    .stream().collect(Collectors.toMap(ServiceLoad::serviceId, Function.identity()));
            Map<String, EndpointLoad> endpointFigures = load.endpoints().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).stream().collect(Collectors.toMap(
                            e -> LiveLoad.endpointKey(e.serviceId(), e.endpointId()), Function.identity()));
            // after the read: what the projection counts beyond the node's own feed is from before the node started
            endpointFigures.values().forEach(e -> live.projectedDispatches(e.serviceId(), e.endpointId(),
                    e.tasksDispatched()));
            connected = services;
            loads = figures;
            endpointLoads = endpointFigures;
            reads.incrementAndGet();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return current(); // closing
            }
            LOG.warn("could not refresh routing from the projections; keeping the last snapshot: {}", e.toString());
            return current();
        }
        RoutingSnapshot snapshot = current();
        notifyListeners(snapshot);
        return snapshot;
    }

    private void notifyListeners(RoutingSnapshot snapshot) {
        for (Consumer<RoutingSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.error("a routing refresh listener failed", e);
            }
        }
    }

    /**
     * Candidates of the connected services, each with the in-flight count {@code inFlight} gives and its declared
     * endpoints as {@code endpoint} makes them from the service id and the declaration.
     */
    static RoutingSnapshot snapshotOf(List<ServiceRecord> connected, ToIntFunction<String> inFlight,
                                      BiFunction<String, EndpointInfo, EndpointCandidate> endpoint) {
        List<ServiceCandidate> candidates = new ArrayList<>(connected.size());
        for (ServiceRecord s : connected) {
            List<EndpointCandidate> endpoints = s.endpoints().stream()
                    .map(info -> endpoint.apply(s.serviceId(), info)).toList();
            candidates.add(new ServiceCandidate(s.serviceId(), s.name(), s.hubId(), s.serviceType(), s.taskTypes(),
                    s.functions(), s.models(), s.providers(), Math.max(1, s.maxConcurrent()),
                    Math.max(0, inFlight.applyAsInt(s.serviceId())), true, endpoints,
                    EndpointStrategy.fromWireName(s.routingStrategy()).orElse(EndpointStrategy.DEFAULT)));
        }
        return RoutingSnapshot.of(candidates);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
