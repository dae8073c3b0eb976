package io.gleitzeit.orchestrator.routing;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.protocol.ModelNames;
import java.util.List;
import java.util.Objects;

/**
 * One endpoint of a service (an Ollama host) as routing sees it: what it serves and how busy it is. Figures come from
 * the load projection (in flight from dispatch and completion events, latency from completions, health and loaded
 * models from the service's endpoint reports) and the registration (capacity, model allow-list).
 *
 * @param endpointId    unique within the service; sent as {@code endpoint_id} in {@code task:assign}
 * @param capacity      its {@code max_concurrent}
 * @param inFlight      attempts dispatched to it and not ended
 * @param healthy       the last reported health
 * @param models        the models it serves; empty means any
 * @param loadedModels  the models in its memory at the last report
 * @param ewmaLatencyMs smoothed completion latency, or {@code null} before the first completion
 * @param priority      its declared priority: among endpoints the strategy ranks equal, the higher goes first
 * @param dispatched    attempts dispatched to it so far (from dispatch events), which {@code round_robin} evens out
 */
public record EndpointCandidate(String endpointId, int capacity, int inFlight, boolean healthy, List<String> models,
                                List<String> loadedModels, Double ewmaLatencyMs, int priority, long dispatched) {
    public EndpointCandidate {
        Objects.requireNonNull(endpointId, "endpointId");
        if (endpointId.isBlank()) {
            throw new IllegalArgumentException("endpointId must not be blank");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight must not be negative, was " + inFlight);
        }
        if (dispatched < 0) {
            throw new IllegalArgumentException("dispatched must not be negative, was " + dispatched);
        }
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        loadedModels = List.copyOf(Objects.requireNonNull(loadedModels, "loadedModels"));
    }

    /** An idle, healthy endpoint serving any model, with nothing loaded, of priority 0. */
    public static EndpointCandidate idle(String endpointId, int capacity) {
        return new EndpointCandidate(endpointId, capacity, 0, true, List.of(), List.of(), null, 0, 0);
    }

    /** Whether it serves the model ({@code null}: no model asked for); {@code llama3} ≡ {@code llama3:latest}. */
    public boolean serves(String model) {
        return model == null || models.isEmpty() || ModelNames.contains(models, model);
    }

    /** Whether the model is in its memory already, so no cold load is needed. */
    public boolean hasLoaded(String model) {
        return model != null && ModelNames.contains(loadedModels, model);
    }

    /** Whether a task for the model may go here now: healthy, a slot free, the model served. */
    public boolean isEligibleFor(String model) {
        return healthy && inFlight < capacity && serves(model);
    }

    /** Its figures as recorded in a routing decision. */
    public CandidateLoad load(String serviceId, String model) {
        return new CandidateLoad(serviceId, endpointId, inFlight, capacity, ewmaLatencyMs, hasLoaded(model), healthy,
                priority, dispatched);
    }

    public EndpointCandidate withInFlight(int value) {
        return new EndpointCandidate(endpointId, capacity, Math.max(0, value), healthy, models, loadedModels,
                ewmaLatencyMs, priority, dispatched);
    }

    public EndpointCandidate withHealth(boolean value) {
        return new EndpointCandidate(endpointId, capacity, inFlight, value, models, loadedModels, ewmaLatencyMs,
                priority, dispatched);
    }

    public EndpointCandidate withLoadedModels(List<String> value) {
        return new EndpointCandidate(endpointId, capacity, inFlight, healthy, models, value, ewmaLatencyMs,
                priority, dispatched);
    }

    public EndpointCandidate withModels(List<String> value) {
        return new EndpointCandidate(endpointId, capacity, inFlight, healthy, value, loadedModels, ewmaLatencyMs,
                priority, dispatched);
    }

    public EndpointCandidate withLatency(Double value) {
        return new EndpointCandidate(endpointId, capacity, inFlight, healthy, models, loadedModels, value,
                priority, dispatched);
    }

    public EndpointCandidate withPriority(int value) {
        return new EndpointCandidate(endpointId, capacity, inFlight, healthy, models, loadedModels, ewmaLatencyMs,
                value, dispatched);
    }

    public EndpointCandidate withDispatched(long value) {
        return new EndpointCandidate(endpointId, capacity, inFlight, healthy, models, loadedModels, ewmaLatencyMs,
                priority, value);
    }
}
