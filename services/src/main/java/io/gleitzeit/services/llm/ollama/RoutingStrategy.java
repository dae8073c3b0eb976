package io.gleitzeit.services.llm.ollama;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the service picks among the endpoints that can take a request now (healthy, serving the model, below their
 * {@code max_concurrent}). Every strategy ends its ordering with the endpoint's priority (higher first) and a rotating
 * tie-break, so equal endpoints take turns instead of the first one by name taking every tie.
 */
public enum RoutingStrategy {
    /** Fewest in flight relative to capacity; the default. Under a backlog a slow endpoint frees slots more rarely, so
     * it receives work in proportion to its speed. */
    LEAST_LOADED {
        @Override
        Comparator<OllamaEndpoint> order(String model) {
            return LOAD;
        }
    },
    /** Each endpoint in turn. */
    ROUND_ROBIN {
        @Override
        Comparator<OllamaEndpoint> order(String model) {
            return (a, b) -> 0;
        }
    },
    /** Lowest smoothed latency (EWMA); endpoints without a figure yet go first so they get measured. */
    FASTEST_RESPONSE {
        @Override
        Comparator<OllamaEndpoint> order(String model) {
            return Comparator.<OllamaEndpoint>comparingDouble(
                    e -> e.ewmaLatencyMs() == null ? -1 : e.ewmaLatencyMs()).thenComparing(LOAD);
        }
    },
    /** Endpoints that already hold the model in memory first (no cold load), then least loaded. */
    MODEL_AFFINITY {
        @Override
        Comparator<OllamaEndpoint> order(String model) {
            return Comparator.<OllamaEndpoint, Boolean>comparing(e -> !e.hasLoaded(model)).thenComparing(LOAD);
        }
    };

    private static final Comparator<OllamaEndpoint> LOAD = Comparator.comparingDouble(
            e -> (double) e.inFlight() / e.config().maxConcurrent());

    abstract Comparator<OllamaEndpoint> order(String model);

    /**
     * The endpoint to use among {@code candidates} (in a stable order), or empty when there are none.
     *
     * @param turn a counter that advances with every decision, rotating ties
     */
    Optional<OllamaEndpoint> choose(List<OllamaEndpoint> candidates, String model, long turn) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int size = candidates.size();
        int offset = (int) Math.floorMod(turn, (long) size);
        Comparator<OllamaEndpoint> ordering = order(model);
        if (this != ROUND_ROBIN) {
            ordering = ordering.thenComparing(
                    Comparator.comparingInt((OllamaEndpoint e) -> e.config().priority()).reversed());
        }
        ordering = ordering.thenComparingInt(e -> Math.floorMod(candidates.indexOf(e) - offset, size));
        return candidates.stream().min(ordering);
    }

    /** The wire name: {@code least_loaded}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RoutingStrategy fromWireName(String value) {
        for (RoutingStrategy strategy : values()) {
            if (strategy.wireName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("strategy must be one of least_loaded, round_robin, fastest_response,"
                + " model_affinity; was '" + value + "'");
    }
}
