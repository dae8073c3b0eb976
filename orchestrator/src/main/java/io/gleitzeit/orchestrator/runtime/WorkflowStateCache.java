package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.state.WorkflowState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last workflow states this replica decided on, so a busy workflow is not re-read from Redis for every command.
 * A cached state may be stale (another replica may have appended since): appends carry the cached version as their
 * expected version, so staleness shows up as a conflict and never as a wrong decision. Bounded, least recently used
 * first out; thread-safe.
 */
final class WorkflowStateCache {
    private final Map<String, WorkflowState> states;

    WorkflowStateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1");
        }
        this.states = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WorkflowState> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<WorkflowState> get(String workflowId) {
        return Optional.ofNullable(states.get(workflowId));
    }

    /** Keeps {@code state} unless a newer one is cached already; finished workflows are dropped. */
    synchronized void put(WorkflowState state) {
        if (state.status().isTerminal()) {
            states.remove(state.workflowId());
            return;
        }
        WorkflowState current = states.get(state.workflowId());
        if (current == null || current.version() <= state.version()) {
            states.put(state.workflowId(), state);
        }
    }

    synchronized void invalidate(String workflowId) {
        states.remove(workflowId);
    }

    synchronized int size() {
        return states.size();
    }
}
