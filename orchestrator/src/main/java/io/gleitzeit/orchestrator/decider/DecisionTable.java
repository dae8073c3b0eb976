package io.gleitzeit.orchestrator.decider;

import static io.gleitzeit.orchestrator.decider.Action.ACCEPT;
import static io.gleitzeit.orchestrator.decider.Action.CANCEL;
import static io.gleitzeit.orchestrator.decider.Action.COMPLETE;
import static io.gleitzeit.orchestrator.decider.Action.DISCARD_LATE_RESULT;
import static io.gleitzeit.orchestrator.decider.Action.DISPATCH;
import static io.gleitzeit.orchestrator.decider.Action.FAIL;
import static io.gleitzeit.orchestrator.decider.Action.IGNORE;
import static io.gleitzeit.orchestrator.decider.Action.MAKE_RETRY_READY;
import static io.gleitzeit.orchestrator.decider.Action.RECORD_PROGRESS;
import static io.gleitzeit.orchestrator.decider.Action.RELEASE_SERVICE;
import static io.gleitzeit.orchestrator.decider.Action.START_WORKFLOW;
import static io.gleitzeit.orchestrator.decider.Action.TIME_OUT_TASK;
import static io.gleitzeit.orchestrator.decider.Action.TIME_OUT_WORKFLOW;
import static io.gleitzeit.orchestrator.decider.CommandKind.CANCEL_WORKFLOW;
import static io.gleitzeit.orchestrator.decider.CommandKind.DISPATCH_READY_TASKS;
import static io.gleitzeit.orchestrator.decider.CommandKind.RELEASE_SERVICE_TASKS;
import static io.gleitzeit.orchestrator.decider.CommandKind.RETRY_DUE;
import static io.gleitzeit.orchestrator.decider.CommandKind.SUBMIT_WORKFLOW;
import static io.gleitzeit.orchestrator.decider.CommandKind.TASK_ACCEPTED;
import static io.gleitzeit.orchestrator.decider.CommandKind.TASK_COMPLETED;
import static io.gleitzeit.orchestrator.decider.CommandKind.TASK_FAILED;
import static io.gleitzeit.orchestrator.decider.CommandKind.TASK_PROGRESS;
import static io.gleitzeit.orchestrator.decider.CommandKind.TASK_TIMEOUT;
import static io.gleitzeit.orchestrator.decider.CommandKind.WORKFLOW_TIMEOUT;
import static io.gleitzeit.orchestrator.decider.Situation.ATTEMPT_AWAITING_RETRY;
import static io.gleitzeit.orchestrator.decider.Situation.ATTEMPT_DISPATCHED;
import static io.gleitzeit.orchestrator.decider.Situation.ATTEMPT_ENDED;
import static io.gleitzeit.orchestrator.decider.Situation.ATTEMPT_NOT_DISPATCHED;
import static io.gleitzeit.orchestrator.decider.Situation.ATTEMPT_RUNNING;
import static io.gleitzeit.orchestrator.decider.Situation.ATTEMPT_SUPERSEDED;
import static io.gleitzeit.orchestrator.decider.Situation.ATTEMPT_SUPERSEDED_RECORDED;
import static io.gleitzeit.orchestrator.decider.Situation.UNKNOWN_TASK;
import static io.gleitzeit.orchestrator.decider.Situation.WORKFLOW_FINISHED;
import static io.gleitzeit.orchestrator.decider.Situation.WORKFLOW_NOT_SUBMITTED;
import static io.gleitzeit.orchestrator.decider.Situation.WORKFLOW_RUNNING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every decision the {@link Decider} makes, as one table: command kind × situation → action. The table is total:
 * every kind has an entry for every situation it can meet, checked when the class loads, so no input falls through
 * to an unwritten default. Idempotency by state is visible here: a command whose effect is already in the state
 * meets a situation whose action is {@link Action#IGNORE}.
 */
public final class DecisionTable {
    private static final List<Rule> RULES = List.of(
            rule(SUBMIT_WORKFLOW, WORKFLOW_NOT_SUBMITTED, START_WORKFLOW),
            rule(SUBMIT_WORKFLOW, WORKFLOW_RUNNING, IGNORE),
            rule(SUBMIT_WORKFLOW, WORKFLOW_FINISHED, IGNORE),

            rule(CANCEL_WORKFLOW, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(CANCEL_WORKFLOW, WORKFLOW_RUNNING, CANCEL),
            rule(CANCEL_WORKFLOW, WORKFLOW_FINISHED, IGNORE),

            rule(WORKFLOW_TIMEOUT, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(WORKFLOW_TIMEOUT, WORKFLOW_RUNNING, TIME_OUT_WORKFLOW),
            rule(WORKFLOW_TIMEOUT, WORKFLOW_FINISHED, IGNORE),

            rule(DISPATCH_READY_TASKS, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(DISPATCH_READY_TASKS, WORKFLOW_RUNNING, DISPATCH),
            rule(DISPATCH_READY_TASKS, WORKFLOW_FINISHED, IGNORE),

            rule(RELEASE_SERVICE_TASKS, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(RELEASE_SERVICE_TASKS, WORKFLOW_RUNNING, RELEASE_SERVICE),
            rule(RELEASE_SERVICE_TASKS, WORKFLOW_FINISHED, IGNORE),

            rule(TASK_ACCEPTED, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(TASK_ACCEPTED, WORKFLOW_FINISHED, IGNORE),
            rule(TASK_ACCEPTED, UNKNOWN_TASK, IGNORE),
            rule(TASK_ACCEPTED, ATTEMPT_NOT_DISPATCHED, IGNORE),
            rule(TASK_ACCEPTED, ATTEMPT_AWAITING_RETRY, IGNORE),
            rule(TASK_ACCEPTED, ATTEMPT_DISPATCHED, ACCEPT),
            rule(TASK_ACCEPTED, ATTEMPT_RUNNING, IGNORE),
            rule(TASK_ACCEPTED, ATTEMPT_ENDED, IGNORE),
            rule(TASK_ACCEPTED, ATTEMPT_SUPERSEDED, IGNORE),
            rule(TASK_ACCEPTED, ATTEMPT_SUPERSEDED_RECORDED, IGNORE),

            rule(TASK_PROGRESS, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(TASK_PROGRESS, WORKFLOW_FINISHED, IGNORE),
            rule(TASK_PROGRESS, UNKNOWN_TASK, IGNORE),
            rule(TASK_PROGRESS, ATTEMPT_NOT_DISPATCHED, IGNORE),
            rule(TASK_PROGRESS, ATTEMPT_AWAITING_RETRY, IGNORE),
            // progress on a dispatched attempt implies that the service started it
            rule(TASK_PROGRESS, ATTEMPT_DISPATCHED, RECORD_PROGRESS),
            rule(TASK_PROGRESS, ATTEMPT_RUNNING, RECORD_PROGRESS),
            rule(TASK_PROGRESS, ATTEMPT_ENDED, IGNORE),
            rule(TASK_PROGRESS, ATTEMPT_SUPERSEDED, IGNORE),
            rule(TASK_PROGRESS, ATTEMPT_SUPERSEDED_RECORDED, IGNORE),

            rule(TASK_COMPLETED, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(TASK_COMPLETED, WORKFLOW_FINISHED, IGNORE),
            rule(TASK_COMPLETED, UNKNOWN_TASK, IGNORE),
            rule(TASK_COMPLETED, ATTEMPT_NOT_DISPATCHED, IGNORE),
            rule(TASK_COMPLETED, ATTEMPT_AWAITING_RETRY, IGNORE),
            rule(TASK_COMPLETED, ATTEMPT_DISPATCHED, COMPLETE),
            rule(TASK_COMPLETED, ATTEMPT_RUNNING, COMPLETE),
            rule(TASK_COMPLETED, ATTEMPT_ENDED, IGNORE),
            rule(TASK_COMPLETED, ATTEMPT_SUPERSEDED, DISCARD_LATE_RESULT),
            rule(TASK_COMPLETED, ATTEMPT_SUPERSEDED_RECORDED, IGNORE),

            rule(TASK_FAILED, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(TASK_FAILED, WORKFLOW_FINISHED, IGNORE),
            rule(TASK_FAILED, UNKNOWN_TASK, IGNORE),
            rule(TASK_FAILED, ATTEMPT_NOT_DISPATCHED, IGNORE),
            rule(TASK_FAILED, ATTEMPT_AWAITING_RETRY, IGNORE),
            rule(TASK_FAILED, ATTEMPT_DISPATCHED, FAIL),
            rule(TASK_FAILED, ATTEMPT_RUNNING, FAIL),
            rule(TASK_FAILED, ATTEMPT_ENDED, IGNORE),
            // a superseded attempt already ended in a recorded failure; its own failure report adds nothing, and a
            // duplicate of the report that failed it must not count twice
            rule(TASK_FAILED, ATTEMPT_SUPERSEDED, IGNORE),
            rule(TASK_FAILED, ATTEMPT_SUPERSEDED_RECORDED, IGNORE),

            rule(RETRY_DUE, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(RETRY_DUE, WORKFLOW_FINISHED, IGNORE),
            rule(RETRY_DUE, UNKNOWN_TASK, IGNORE),
            rule(RETRY_DUE, ATTEMPT_NOT_DISPATCHED, IGNORE),
            rule(RETRY_DUE, ATTEMPT_AWAITING_RETRY, MAKE_RETRY_READY),
            rule(RETRY_DUE, ATTEMPT_DISPATCHED, IGNORE),
            rule(RETRY_DUE, ATTEMPT_RUNNING, IGNORE),
            rule(RETRY_DUE, ATTEMPT_ENDED, IGNORE),
            rule(RETRY_DUE, ATTEMPT_SUPERSEDED, IGNORE),
            rule(RETRY_DUE, ATTEMPT_SUPERSEDED_RECORDED, IGNORE),

            rule(TASK_TIMEOUT, WORKFLOW_NOT_SUBMITTED, IGNORE),
            rule(TASK_TIMEOUT, WORKFLOW_FINISHED, IGNORE),
            rule(TASK_TIMEOUT, UNKNOWN_TASK, IGNORE),
            rule(TASK_TIMEOUT, ATTEMPT_NOT_DISPATCHED, IGNORE),
            rule(TASK_TIMEOUT, ATTEMPT_AWAITING_RETRY, IGNORE),
            rule(TASK_TIMEOUT, ATTEMPT_DISPATCHED, TIME_OUT_TASK),
            rule(TASK_TIMEOUT, ATTEMPT_RUNNING, TIME_OUT_TASK),
            rule(TASK_TIMEOUT, ATTEMPT_ENDED, IGNORE),
            rule(TASK_TIMEOUT, ATTEMPT_SUPERSEDED, IGNORE),
            rule(TASK_TIMEOUT, ATTEMPT_SUPERSEDED_RECORDED, IGNORE));

    private static final Map<CommandKind, Map<Situation, Rule>> INDEX = index();

    private DecisionTable() {
    }

    /** Every cell of the table. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** The cell for a command of {@code kind} in {@code situation}. */
    public static Rule ruleFor(CommandKind kind, Situation situation) {
        Rule rule = INDEX.get(kind).get(situation);
        if (rule == null) {
            throw new IllegalArgumentException(kind + " never meets " + situation);
        }
        return rule;
    }

    /** The situations a command of {@code kind} can meet. */
    public static Set<Situation> situationsOf(CommandKind kind) {
        Set<Situation> out = EnumSet.of(WORKFLOW_NOT_SUBMITTED, WORKFLOW_FINISHED);
        if (kind.scope() == CommandKind.Scope.WORKFLOW) {
            out.add(WORKFLOW_RUNNING);
        } else {
            for (Situation s : Situation.values()) {
                if (Situation.isAttemptSituation(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Rule rule(CommandKind kind, Situation situation, Action action) {
        return new Rule(kind, situation, action);
    }

    private static Map<CommandKind, Map<Situation, Rule>> index() {
        Map<CommandKind, Map<Situation, Rule>> index = new EnumMap<>(CommandKind.class);
        for (Rule r : RULES) {
            Map<Situation, Rule> row = index.computeIfAbsent(r.kind(), k -> new EnumMap<>(Situation.class));
            if (!situationsOf(r.kind()).contains(r.situation())) {
                throw new IllegalStateException("decision table: " + r.kind() + " cannot meet " + r.situation());
            }
            if (row.put(r.situation(), r) != null) {
                throw new IllegalStateException("decision table: two rules for " + r.kind() + " in " + r.situation());
            }
        }
        for (CommandKind kind : CommandKind.values()) {
            Set<Situation> missing = situationsOf(kind);
            missing.removeAll(index.getOrDefault(kind, Map.of()).keySet());
            if (!missing.isEmpty()) {
                throw new IllegalStateException("decision table: no rule for " + kind + " in " + missing);
            }
        }
        return index;
    }
}
