package io.gleitzeit.event;

import java.util.List;
import java.util.Objects;

/**
 * Why a dispatch went where it went: the strategy and every candidate's figures, so a replay explains the decision
 * and never has to route again.
 *
 * @param strategy   e.g. {@code least_loaded}, {@code round_robin}, {@code pinned}
 * @param candidates the eligible candidates with their load at decision time
 * @param reason     a short human-readable explanation
 */
public record RoutingDecision(String strategy, List<CandidateLoad> candidates, String reason) {
    public RoutingDecision {
        Checks.text(strategy, "strategy");
        candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
        Objects.requireNonNull(reason, "reason");
    }
}
