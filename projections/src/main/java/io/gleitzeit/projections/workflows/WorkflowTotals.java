package io.gleitzeit.projections.workflows;

import io.gleitzeit.definition.Priority;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Figures over all workflows: how many stand in each status, and how many tasks are ready and not yet dispatched
 * (the ready queue), by priority.
 *
 * @param running   workflows running
 * @param completed workflows completed
 * @param failed    workflows failed
 * @param cancelled workflows cancelled
 * @param queued    ready, undispatched tasks of running workflows per priority (every priority present)
 */
public record WorkflowTotals(int running, int completed, int failed, int cancelled, Map<Priority, Integer> queued) {
    public WorkflowTotals {
        EnumMap<Priority, Integer> all = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            all.put(p, 0);
        }
        if (queued != null) {
            all.putAll(queued);
        }
        queued = Collections.unmodifiableMap(all);
    }

    /** Ready tasks over all priorities. */
    public int totalQueued() {
        return queued.values().stream().mapToInt(Integer::intValue).sum();
    }
}
