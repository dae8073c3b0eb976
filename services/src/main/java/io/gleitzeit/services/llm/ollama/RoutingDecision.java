package io.gleitzeit.services.llm.ollama;

import java.util.List;

/**
 * Why an endpoint was chosen: the strategy and the figures of every candidate at that moment, for the task's
 * progress message and the logs.
 *
 * @param endpointId the chosen endpoint
 * @param strategy   the strategy that chose it, or {@code null} when the assignment named the endpoint
 * @param candidates the figures of each endpoint that could have taken the request
 */
public record RoutingDecision(String endpointId, RoutingStrategy strategy, List<Figures> candidates) {
    /** One candidate's figures when the decision was made. */
    public record Figures(String endpointId, int inFlight, int maxConcurrent, Double ewmaLatencyMs,
                          boolean modelLoaded) {
        @Override
        public String toString() {
            return endpointId + " " + inFlight + "/" + maxConcurrent
                    + (ewmaLatencyMs == null ? "" : String.format(" %.0fms", ewmaLatencyMs))
                    + (modelLoaded ? " loaded" : "");
        }
    }

    public RoutingDecision {
        candidates = List.copyOf(candidates);
    }

    /** {@code gpu1 by least_loaded from [gpu1 0/2, gpu2 1/2]}. */
    public String describe() {
        return endpointId + " by " + (strategy == null ? "the assignment" : strategy.wireName()) + " from "
                + candidates;
    }
}
