package io.gleitzeit.replay.audit;

import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.replay.history.RedisHistories;
import io.gleitzeit.replay.history.WorkflowHistory;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code verify [WORKFLOW_ID|--all]}: audits histories and dead letters; exits 1 with a report line per violation
 * when an invariant breaks.
 */
@Command(name = "verify", description = "Audit a workflow (or, with --all, every workflow of every partition's index "
        + "and every dead letter): versions contiguous from 1, the fold succeeds, dispatches after their "
        + "dependencies completed, no (task, attempt) dispatched or completed twice, nothing after a terminal "
        + "workflow event, dead letters consistent. Exits 1 when anything breaks.")
public final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ReplayCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKFLOW_ID")
    String workflowId;

    @Option(names = "--all", description = "every workflow of every partition, and every dead letter")
    boolean all;

    @Override
    public Integer call() {
        if (all == (workflowId != null)) {
            throw new ParameterException(spec.commandLine(), "give either a WORKFLOW_ID or --all");
        }
        try (LogSession session = root.log().open()) {
            Tally tally = new Tally(root.out());
            if (all) {
                verifyAll(session, tally);
            } else {
                verifyOne(session, tally);
            }
            return tally.finish();
        }
    }

    private void verifyOne(LogSession session, Tally tally) {
        WorkflowHistory history = session.histories().read(workflowId);
        if (history.isEmpty()) {
            throw new CommandFailure("workflow " + workflowId + " not found (no stream "
                    + session.keys().workflowStream(workflowId) + ")");
        }
        tally.add(HistoryAudit.audit(history));
        tally.add(storedState(session).audit(history));
        int partition = session.keys().partitions().partitionOf(workflowId);
        tally.add(new DeadLetterAudit(session.connection(), session.keys(), session.codec().mapper())
                .audit(partition, Optional.of(workflowId)));
    }

    private static void verifyAll(LogSession session, Tally tally) {
        KeyLayout keys = session.keys();
        RedisHistories histories = session.histories();
        DeadLetterAudit deadLetters = new DeadLetterAudit(session.connection(), keys, session.codec().mapper());
        StoredStateAudit storedState = storedState(session);
        for (int p = 0; p < keys.partitions().count(); p++) {
            List<String> indexed = histories.workflowIds(p);
            for (String id : indexed) {
                WorkflowHistory history = histories.read(id);
                if (history.isEmpty()) {
                    tally.violation(new Violation(id, 0, Check.INDEXED, "is in " + keys.workflows(p)
                            + " but has no stream " + keys.workflowStream(id)));
                } else {
                    tally.add(HistoryAudit.audit(history));
                    tally.add(storedState.audit(history));
                }
            }
            Set<String> indexedSet = new HashSet<>(indexed);
            for (String id : streamedWorkflows(session.redis(), keys, p)) {
                if (!indexedSet.contains(id)) {
                    tally.violation(new Violation(id, 0, Check.INDEXED, "has a stream but is not in "
                            + keys.workflows(p)));
                }
            }
            tally.add(deadLetters.audit(p, Optional.empty()));
        }
    }

    private static StoredStateAudit storedState(LogSession session) {
        return new StoredStateAudit(new WorkflowSummaries(session.connection(), session.keys()));
    }

    /** The workflows that have a stream in partition {@code p} (SCAN; the index is what is audited against). */
    private static Set<String> streamedWorkflows(RedisClusterCommands<String, String> redis, KeyLayout keys, int p) {
        String start = keys.scope(p) + ":wf:";
        Set<String> ids = new HashSet<>();
        ScanArgs match = ScanArgs.Builder.matches(escapeGlob(start) + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            page.getKeys().forEach(k -> ids.add(k.substring(start.length())));
            cursor = page;
        } while (!cursor.isFinished());
        return ids;
    }

    private static String escapeGlob(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** Counts what was checked and prints violations as they are found. */
    private static final class Tally {
        private final PrintWriter out;
        private int workflows;
        private int commits;
        private int events;
        private int deadLetters;
        private int marks;
        private int violations;
        private int storedStates;

        Tally(PrintWriter out) {
            this.out = out;
        }

        void add(StoredStateAudit.Outcome outcome) {
            if (outcome.compared()) {
                storedStates++;
            }
            outcome.violations().forEach(this::violation);
        }

        void add(HistoryReport report) {
            workflows++;
            commits += report.commits();
            events += report.events();
            report.violations().forEach(this::violation);
        }

        void add(DeadLetterAudit.Result result) {
            deadLetters += result.deadLetters();
            marks += result.marks();
            result.violations().forEach(this::violation);
        }

        void violation(Violation v) {
            violations++;
            out.println("FAIL " + v);
        }

        int finish() {
            out.println("checked " + workflows + " workflows, " + commits + " commits, " + events + " events, "
                    + deadLetters + " dead letters, " + marks + " parked marks, " + storedStates + " stored states: "
                    + (violations == 0 ? "all invariants hold" : violations + " violations"));
            return violations == 0 ? 0 : 1;
        }
    }
}
