package io.gleitzeit.replay.audit;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.replay.history.StoredCommit;
import io.gleitzeit.replay.history.StoredEvent;
import io.gleitzeit.replay.history.WorkflowHistory;
import io.gleitzeit.state.IllegalTransitionException;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Audits one workflow's history against the invariants of {@link Check}. Pure: it reads nothing but the history.
 * The checks run independently, so one broken invariant does not hide another: after the fold fails, the checks
 * that need no state (versions, duplicates, terminal) still cover the rest of the history.
 */
public final class HistoryAudit {
    private HistoryAudit() {
    }

    /** Audits {@code history}. */
    public static HistoryReport audit(WorkflowHistory history) {
        return new Run(history).run();
    }

    /** The state of one audit while it walks the history. */
    private static final class Run {
        private final WorkflowHistory history;
        private final String workflowId;
        private final List<Violation> violations = new ArrayList<>();
        private final Map<String, Long> eventIds = new HashMap<>();
        private final Map<String, Long> dispatches = new HashMap<>();
        private final Map<String, Long> completions = new HashMap<>();
        private WorkflowState state;
        private boolean foldBroken;
        private long expectedVersion = 1;
        private boolean resync;
        private long terminalVersion;
        private String terminalType;
        private int events;

        Run(WorkflowHistory history) {
            this.history = history;
            this.workflowId = history.workflowId();
            this.state = WorkflowState.initial(workflowId);
        }

        HistoryReport run() {
            for (StoredCommit commit : history.commits()) {
                if (!commit.isReadable()) {
                    violation(commit.firstVersion(), Check.COMMIT_READABLE, "commit " + commit.source()
                            + " cannot be read: " + commit.problem().orElseThrow());
                    // Its events are unknown: the fold cannot go past it, and versions resume at the next commit.
                    if (!foldBroken) {
                        violation(commit.firstVersion(), Check.FOLD, "stops before the unreadable commit "
                                + commit.source());
                    }
                    foldBroken = true;
                    resync = true;
                    continue;
                }
                long first = commit.events().get(0).envelope().version();
                if (first != commit.firstVersion()) {
                    violation(first, Check.COMMIT_LOCATION, "commit " + commit.source() + " is stored as version "
                            + commit.firstVersion() + " but its first event has version " + first);
                }
                commit.events().forEach(this::event);
            }
            return new HistoryReport(workflowId, history.commits().size(), events, state, foldBroken, violations);
        }

        private void event(StoredEvent stored) {
            EventEnvelope<WorkflowEvent> e = stored.envelope();
            long v = e.version();
            events++;
            if (resync) {
                resync = false;
            } else if (v != expectedVersion) {
                violation(v, Check.VERSIONS_CONTIGUOUS, "expected version " + expectedVersion + " but found " + v
                        + " (event " + e.eventId() + ")");
            }
            expectedVersion = v + 1;
            Long earlier = eventIds.putIfAbsent(e.eventId(), v);
            if (earlier != null) {
                violation(v, Check.UNIQUE_EVENT_IDS, "event id " + e.eventId() + " was already used at version "
                        + earlier);
            }
            checkTerminal(e);
            WorkflowEvent payload = e.payload();
            if (payload instanceof TaskDispatched d) {
                once(dispatches, d.taskId(), d.attempt(), v, Check.SINGLE_DISPATCH, "dispatched");
                checkDependencies(d, v);
            } else if (payload instanceof TaskCompleted c) {
                once(completions, c.taskId(), c.attempt(), v, Check.SINGLE_COMPLETION, "completed");
            }
            fold(e);
        }

        private void checkTerminal(EventEnvelope<WorkflowEvent> e) {
            WorkflowEvent payload = e.payload();
            if (terminalType != null && !(payload instanceof UnknownEvent)) {
                violation(e.version(), Check.NOTHING_AFTER_TERMINAL, payload.getClass().getSimpleName()
                        + " follows the terminal " + terminalType + " at version " + terminalVersion);
            }
            boolean terminal = payload instanceof WorkflowCompleted || payload instanceof WorkflowFailed
                    || payload instanceof WorkflowCancelled;
            if (terminal && terminalType == null) {
                terminalType = payload.getClass().getSimpleName();
                terminalVersion = e.version();
            }
        }

        private void once(Map<String, Long> seen, String taskId, int attempt, long v, Check check, String what) {
            Long first = seen.putIfAbsent(taskId + "#" + attempt, v);
            if (first != null) {
                violation(v, check, "task " + describe(taskId) + " attempt " + attempt + " " + what
                        + " again (first at version " + first + ")");
            }
        }

        private void checkDependencies(TaskDispatched d, long v) {
            if (foldBroken || !state.isSubmitted()) {
                return; // without a trustworthy state the dependencies' status is unknown
            }
            for (String dependency : state.dependenciesOf(d.taskId())) {
                TaskState dep = state.tasks().get(dependency);
                if (dep.status() != TaskStatus.COMPLETED) {
                    violation(v, Check.DISPATCH_AFTER_DEPENDENCIES, "task " + describe(d.taskId()) + " attempt "
                            + d.attempt() + " dispatched while its dependency " + describe(dependency) + " was "
                            + dep.status());
                }
            }
        }

        private void fold(EventEnvelope<WorkflowEvent> e) {
            if (foldBroken) {
                return;
            }
            try {
                state = WorkflowEvolver.evolve(state, e);
            } catch (IllegalTransitionException ex) {
                violation(e.version(), Check.FOLD, ex.getMessage());
                foldBroken = true;
            }
        }

        private String describe(String taskId) {
            TaskState task = state.tasks().get(taskId);
            return task == null ? taskId : taskId + " '" + task.name() + "'";
        }

        private void violation(long version, Check check, String message) {
            violations.add(new Violation(workflowId, version, check, message));
        }
    }
}
