package io.gleitzeit.replay.audit;

import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.projections.workflows.WorkflowSummary;
import io.gleitzeit.replay.history.StoredEvent;
import io.gleitzeit.replay.history.WorkflowHistory;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what is stored about a workflow outside its stream — the workflow-summary read model — with the fold of
 * its events. Only finished workflows are compared, since a live read model may lag a running one by a batch; a
 * workflow the read model has not seen is not a violation (the projection may not run), and is counted apart.
 */
final class StoredStateAudit {
    private final WorkflowSummaries summaries;

    StoredStateAudit(WorkflowSummaries summaries) {
        this.summaries = summaries;
    }

    /** The violations for {@code history}, empty when stored and folded state agree or cannot be compared. */
    Outcome audit(WorkflowHistory history) {
        if (!history.isReadable()) {
            return new Outcome(false, List.of());
        }
        WorkflowState folded;
        try {
            folded = WorkflowEvolver.fold(history.workflowId(),
                    history.events().stream().map(StoredEvent::envelope).toList());
        } catch (RuntimeException brokenFold) {
            return new Outcome(false, List.of()); // reported by the history audit already
        }
        Optional<WorkflowSummary> stored = summaries.get(history.workflowId()).toCompletableFuture().join();
        if (stored.isEmpty() || !folded.status().isTerminal()) {
            return new Outcome(false, List.of());
        }
        WorkflowSummary s = stored.get();
        List<Violation> violations = new ArrayList<>();
        String id = history.workflowId();
        if (s.status() != folded.status()) {
            violations.add(new Violation(id, folded.version(), Check.STORED_STATE,
                    "read model says " + s.status() + ", the events say " + folded.status()));
        }
        if (s.totalTasks() != folded.tasks().size()) {
            violations.add(new Violation(id, folded.version(), Check.STORED_STATE,
                    "read model counts " + s.totalTasks() + " tasks, the events " + folded.tasks().size()));
        }
        Map<TaskStatus, Integer> counts = new EnumMap<>(TaskStatus.class);
        for (TaskState t : folded.tasks().values()) {
            counts.merge(t.status(), 1, Integer::sum);
        }
        for (TaskStatus status : TaskStatus.values()) {
            int expected = counts.getOrDefault(status, 0);
            if (s.count(status) != expected) {
                violations.add(new Violation(id, folded.version(), Check.STORED_STATE, "read model has "
                        + s.count(status) + " " + status + " tasks, the events " + expected));
            }
        }
        return new Outcome(true, violations);
    }

    /** Whether the stored state could be compared, and what differed. */
    record Outcome(boolean compared, List<Violation> violations) {
    }
}
