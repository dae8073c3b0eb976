package io.gleitzeit.services.llm.ollama;

import io.gleitzeit.protocol.EndpointDeclaration;
import io.gleitzeit.protocol.EndpointHealth;
import io.gleitzeit.protocol.ModelNames;
import java.util.List;
import java.util.Objects;

/**
 * An endpoint as the service sees it now: its configuration, its breaker, what it is doing and what it last said
 * about itself ({@code /api/tags}, {@code /api/ps}). {@code inFlight} is changed only by {@link EndpointPool} under
 * its lock; the rest is published through volatile fields.
 */
public final class OllamaEndpoint {
    /** Weight of the newest sample in the latency average. */
    static final double EWMA_ALPHA = 0.3;

    private final OllamaEndpointConfig config;
    private final CircuitBreaker breaker;
    private int inFlight;
    private volatile List<String> availableModels;
    private volatile List<String> loadedModels = List.of();
    private volatile Long vramUsedBytes;
    private volatile Double ewmaLatencyMs;
    private volatile long completed;
    private volatile long failed;

    OllamaEndpoint(OllamaEndpointConfig config, CircuitBreaker breaker) {
        this.config = Objects.requireNonNull(config, "config");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
    }

    public OllamaEndpointConfig config() {
        return config;
    }

    public String id() {
        return config.name();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Requests running on it now (read under the pool's lock for decisions). */
    public int inFlight() {
        return inFlight;
    }

    void inFlight(int inFlight) {
        this.inFlight = inFlight;
    }

    public boolean healthy() {
        return breaker.state() != CircuitBreaker.State.OPEN;
    }

    /** Whether it may serve the model: the allow-list permits it and, once discovered, the server has it. */
    public boolean serves(String model) {
        if (!config.models().isEmpty() && !ModelNames.contains(config.models(), model)) {
            return false;
        }
        List<String> available = availableModels;
        return available == null || ModelNames.contains(available, model);
    }

    public boolean hasLoaded(String model) {
        return ModelNames.contains(loadedModels, model);
    }

    /** The models it announces: the allow-list, else what {@code /api/tags} listed. */
    public List<String> models() {
        if (!config.models().isEmpty()) {
            return config.models();
        }
        List<String> available = availableModels;
        return available == null ? List.of() : available;
    }

    void discovered(List<String> available) {
        this.availableModels = List.copyOf(available);
    }

    void loaded(List<String> loaded, Long vramUsedBytes) {
        this.loadedModels = List.copyOf(loaded);
        this.vramUsedBytes = vramUsedBytes;
    }

    public Double ewmaLatencyMs() {
        return ewmaLatencyMs;
    }

    synchronized void recordLatency(long millis) {
        Double previous = ewmaLatencyMs;
        ewmaLatencyMs = previous == null ? millis : EWMA_ALPHA * millis + (1 - EWMA_ALPHA) * previous;
    }

    synchronized void countCompleted() {
        completed++;
    }

    synchronized void countFailed() {
        failed++;
    }

    public long completed() {
        return completed;
    }

    public long failed() {
        return failed;
    }

    public EndpointDeclaration declaration() {
        return new EndpointDeclaration(id(), config.url().toString(), models(), config.gpu(), config.maxConcurrent(),
                config.priority(), config.tags());
    }

    /** Its state for a heartbeat; {@code in_flight} is passed in as read under the pool's lock. */
    EndpointHealth health(int inFlightNow) {
        // Ollama reports the memory its models use (size_vram) but not the card's total.
        return new EndpointHealth(id(), healthy(), inFlightNow, loadedModels, vramUsedBytes, null, ewmaLatencyMs);
    }
}
