package io.gleitzeit.services.llm.ollama;

import io.gleitzeit.protocol.EndpointDeclaration;
import io.gleitzeit.protocol.EndpointHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The endpoints of the internal LLM service and the in-flight count of each. {@link #acquire} picks an endpoint by
 * the {@link RoutingStrategy} and counts the request on it until its {@link Lease} is closed; when every suitable
 * endpoint is at its {@code max_concurrent}, the caller waits for a slot. Counting and choosing happen under one lock,
 * so concurrent requests see each other's choices and the split stays even.
 *
 * <p>Endpoints can be added and removed at any time; a removed endpoint takes no new requests and its running ones
 * finish where they are.
 */
public final class EndpointPool {
    /** How often a waiting request re-checks, so a breaker whose open time ran out is noticed without a signal. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final RoutingStrategy strategy;
    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, OllamaEndpoint> endpoints = new LinkedHashMap<>();
    private long turn;

    /**
     * @param strategy         how to choose
     * @param failureThreshold consecutive failures that open an endpoint's breaker
     * @param openFor          how long an open breaker keeps requests away before a probe
     * @param clock            the breakers' clock
     */
    public EndpointPool(RoutingStrategy strategy, int failureThreshold, Duration openFor, Clock clock) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        // validates the breaker settings once, up front
        new CircuitBreaker(failureThreshold, openFor, clock);
    }

    public RoutingStrategy strategy() {
        return strategy;
    }

    /** Adds an endpoint; its name must be new. */
    public OllamaEndpoint add(OllamaEndpointConfig config) {
        OllamaEndpoint endpoint = new OllamaEndpoint(config, new CircuitBreaker(failureThreshold, openFor, clock));
        lock.lock();
        try {
            if (endpoints.containsKey(config.name())) {
                throw new IllegalArgumentException("endpoint '" + config.name() + "' already exists");
            }
            endpoints.put(config.name(), endpoint);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return endpoint;
    }

    /** Removes an endpoint; false when there is none by that name. */
    public boolean remove(String name) {
        lock.lock();
        try {
            boolean removed = endpoints.remove(name) != null;
            changed.signalAll();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    public Optional<OllamaEndpoint> get(String name) {
        lock.lock();
        try {
            return Optional.ofNullable(endpoints.get(name));
        } finally {
            lock.unlock();
        }
    }

    public List<OllamaEndpoint> endpoints() {
        lock.lock();
        try {
            return List.copyOf(endpoints.values());
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiting requests after an endpoint's health changed. */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot on an endpoint for one request, waiting while every suitable endpoint is busy.
     *
     * @param model     the model the request needs
     * @param preferred an endpoint to use when it can take the request now (the hub's choice), or {@code null}
     * @param excluded  endpoints not to use (they already failed this request)
     * @throws NoEndpointException  when no endpoint serves the model, or none that does is healthy
     * @throws InterruptedException when the waiting request was cancelled
     */
    public Lease acquire(String model, String preferred, Set<String> excluded)
            throws NoEndpointException, InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                List<OllamaEndpoint> serving = new ArrayList<>();
                for (OllamaEndpoint e : endpoints.values()) {
                    if (e.serves(model)) {
                        serving.add(e);
                    }
                }
                if (serving.isEmpty()) {
                    throw new NoEndpointException(NoEndpointException.Reason.MODEL_NOT_SERVED,
                            "no endpoint serves model '" + model + "' (endpoints: " + describe() + ")");
                }
                List<OllamaEndpoint> usable = new ArrayList<>();
                List<OllamaEndpoint> free = new ArrayList<>();
                for (OllamaEndpoint e : serving) {
                    if (!excluded.contains(e.id()) && e.breaker().isAvailable()) {
                        usable.add(e);
                        if (e.inFlight() < e.config().maxConcurrent()) {
                            free.add(e);
                        }
                    }
                }
                if (usable.isEmpty()) {
                    throw new NoEndpointException(NoEndpointException.Reason.NONE_AVAILABLE,
                            "no healthy endpoint for model '" + model + "'"
                                    + (excluded.isEmpty() ? "" : " (failed on " + excluded + ")"));
                }
                Optional<OllamaEndpoint> chosen = free.stream().filter(e -> e.id().equals(preferred)).findFirst()
                        .or(() -> strategy.choose(free, model, turn));
                if (chosen.isPresent() && chosen.get().breaker().tryAcquire()) {
                    turn++;
                    OllamaEndpoint endpoint = chosen.get();
                    RoutingDecision decision = new RoutingDecision(endpoint.id(),
                            preferred != null && preferred.equals(endpoint.id()) ? null : strategy, figures(free, model));
                    endpoint.inFlight(endpoint.inFlight() + 1);
                    return new Lease(endpoint, decision);
                }
                changed.awaitNanos(RECHECK_NANOS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every endpoint's state for a heartbeat. */
    public List<EndpointHealth> health() {
        lock.lock();
        try {
            return endpoints.values().stream().map(e -> e.health(e.inFlight())).toList();
        } finally {
            lock.unlock();
        }
    }

    public List<EndpointDeclaration> declarations() {
        return endpoints().stream().map(OllamaEndpoint::declaration).toList();
    }

    /** In-flight counts by endpoint, read together. */
    public Map<String, Integer> inFlight() {
        lock.lock();
        try {
            Map<String, Integer> counts = new LinkedHashMap<>();
            endpoints.values().forEach(e -> counts.put(e.id(), e.inFlight()));
            return counts;
        } finally {
            lock.unlock();
        }
    }

    private List<RoutingDecision.Figures> figures(List<OllamaEndpoint> candidates, String model) {
        return candidates.stream().map(e -> new RoutingDecision.Figures(e.id(), e.inFlight(),
                e.config().maxConcurrent(), e.ewmaLatencyMs(), e.hasLoaded(model))).toList();
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        for (OllamaEndpoint e : endpoints.values()) {
            parts.add(e.id() + " " + e.models());
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private void release(OllamaEndpoint endpoint) {
        lock.lock();
        try {
            endpoint.inFlight(Math.max(0, endpoint.inFlight() - 1));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One request's slot on an endpoint; closing it without an outcome counts as neutral. */
    public final class Lease implements AutoCloseable {
        private final OllamaEndpoint endpoint;
        private final RoutingDecision decision;
        private boolean closed;

        private Lease(OllamaEndpoint endpoint, RoutingDecision decision) {
            this.endpoint = endpoint;
            this.decision = decision;
        }

        public OllamaEndpoint endpoint() {
            return endpoint;
        }

        public RoutingDecision decision() {
            return decision;
        }

        /** The request succeeded after {@code latency}: the breaker closes, the latency average moves. */
        public void succeeded(Duration latency) {
            endpoint.breaker().onSuccess();
            endpoint.recordLatency(latency.toMillis());
            endpoint.countCompleted();
            end();
        }

        /** The endpoint failed the request (unreachable, 5xx, stalled): counts towards opening its breaker. */
        public void failed() {
            endpoint.breaker().onFailure();
            endpoint.countFailed();
            end();
        }

        /** The request ended without saying anything about the endpoint (cancelled, refused as bad input). */
        @Override
        public void close() {
            if (!closed) {
                endpoint.breaker().onNeutral();
                end();
            }
        }

        private void end() {
            if (!closed) {
                closed = true;
                release(endpoint);
            }
        }
    }
}
