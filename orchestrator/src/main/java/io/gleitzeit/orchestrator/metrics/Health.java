package io.gleitzeit.orchestrator.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /health} answers: healthy when every check passed.
 *
 * @param status  {@code up} or {@code down}
 * @param checks  each check by name ({@code redis}, {@code decider}, {@code projections}) with its outcome
 * @param reasons why it is down, one line per failed check; empty when up
 */
public record Health(String status, Map<String, Check> checks, List<String> reasons) {
    public static final String UP = "up";
    public static final String DOWN = "down";

    public Health {
        // Kept in the order the checks ran (redis, decider, projections): easier to read in the JSON.
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        reasons = List.copyOf(reasons);
    }

    /** Whether every check passed. */
    public boolean healthy() {
        return UP.equals(status);
    }

    /**
     * One check.
     *
     * @param healthy whether it passed
     * @param detail  what was found
     */
    public record Check(boolean healthy, String detail) {
    }
}
