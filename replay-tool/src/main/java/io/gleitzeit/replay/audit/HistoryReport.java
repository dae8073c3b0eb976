package io.gleitzeit.replay.audit;

import io.gleitzeit.state.WorkflowState;
import java.util.List;
import java.util.Objects;

/**
 * What the audit of one workflow found.
 *
 * @param workflowId the workflow
 * @param commits    commits checked
 * @param events     events checked
 * @param state      the fold as far as it went
 * @param foldBroken whether the fold stopped before the end
 * @param violations every broken invariant, in history order
 */
public record HistoryReport(
        String workflowId, int commits, int events, WorkflowState state, boolean foldBroken,
        List<Violation> violations) {
    public HistoryReport {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(state, "state");
        violations = List.copyOf(violations);
    }

    /** Whether every invariant holds. */
    public boolean passed() {
        return violations.isEmpty();
    }
}
