package io.gleitzeit.orchestrator.node;

import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.orchestrator.runtime.RoutingSource;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing from the projections: the connected services of the service registry with their in-flight counts from the
 * load model. Re-read every refresh period (two reads), not per decision; decisions route against the latest
 * snapshot, and a decision's own dispatches count against capacity within it. Between refreshes a service may be
 * handed more than its capacity by different decisions; its hub then queues the surplus (see
 * {@code hub.dispatch}), so {@code max_concurrent_tasks} still holds on the wire.
 */
public final class ProjectedRoutingSource implements RoutingSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectedRoutingSource.class);

    private final ServiceRegistryView registry;
    private final LoadView load;
    private final Duration period;
    private final List<Consumer<RoutingSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private volatile RoutingSnapshot current = RoutingSnapshot.empty();

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
    public RoutingSnapshot current() {
        return current;
    }

    /** Reads the projections now and replaces the snapshot. */
    public RoutingSnapshot refresh() {
        try {
            List<ServiceRecord> connected = registry.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            Map<String, ServiceLoad> loads = load.services().toCompletableFuture().get(5, TimeUnit.SECONDS)
                    .stream().collect(Collectors.toMap(ServiceLoad::serviceId, Function.identity()));
            current = snapshotOf(connected, loads);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("could not refresh routing from the projections; keeping the last snapshot: {}", e.toString());
            return current;
        }
        RoutingSnapshot snapshot = current;
        for (Consumer<RoutingSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.error("a routing refresh listener failed", e);
            }
        }
        return snapshot;
    }

    static RoutingSnapshot snapshotOf(List<ServiceRecord> connected, Map<String, ServiceLoad> loads) {
        List<ServiceCandidate> candidates = new ArrayList<>(connected.size());
        for (ServiceRecord s : connected) {
            ServiceLoad l = loads.get(s.serviceId());
            candidates.add(new ServiceCandidate(s.serviceId(), s.name(), s.hubId(), s.serviceType(), s.taskTypes(),
                    s.functions(), s.models(), s.providers(), Math.max(1, s.maxConcurrent()),
                    l == null ? 0 : l.inFlight(), true));
        }
        return RoutingSnapshot.of(candidates);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
