package io.gleitzeit.replay.bench;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.replay.history.CommitDecoder;
import io.gleitzeit.replay.history.StoredCommit;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bench-fold}: folds synthetic events and prints events per second, for the fold alone (decoded events)
 * and for decoding stored commits plus the fold (what {@code state} and {@code verify} do). Needs no Redis.
 */
@Command(name = "bench-fold", hidden = true, description = "Measure folding speed on synthetic events (no Redis).")
public final class BenchFoldCommand implements Callable<Integer> {
    @ParentCommand
    ReplayCli root;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", description = "events per round "
            + "(default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "20", description = "tasks per synthetic workflow "
            + "(default ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "measured rounds after one "
            + "warm-up (default ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() {
        PrintWriter out = root.out();
        int perWorkflow = 2 + 4 * tasks;
        int workflows = Math.max(1, events / perWorkflow);
        EventCodec codec = EventCodec.standard();
        CommitDecoder decoder = new CommitDecoder(codec);
        List<List<EventEnvelope<WorkflowEvent>>> decoded = new ArrayList<>(workflows);
        List<String> encoded = new ArrayList<>(workflows);
        for (int w = 0; w < workflows; w++) {
            List<EventEnvelope<WorkflowEvent>> history = SyntheticWorkflows.history("bench-" + w, tasks);
            decoded.add(history);
            encoded.add(codec.encodeAll(history));
        }
        long total = (long) workflows * perWorkflow;
        out.println("synthetic: " + workflows + " workflows x " + perWorkflow + " events = " + total + " events; "
                + (encoded.stream().mapToLong(String::length).sum() / total) + " bytes per stored event");
        for (int round = 0; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long folded = 0;
            for (List<EventEnvelope<WorkflowEvent>> history : decoded) {
                folded += WorkflowEvolver.fold(history.get(0).workflowId(), history).version();
            }
            long t1 = System.nanoTime();
            long replayed = 0;
            for (int w = 0; w < workflows; w++) {
                StoredCommit commit = decoder.decode("bench-" + w, "bench", 1, -1, encoded.get(w));
                WorkflowState state = WorkflowState.initial("bench-" + w);
                for (var e : commit.events()) {
                    state = WorkflowEvolver.evolve(state, e.envelope());
                }
                replayed += state.version();
            }
            long t2 = System.nanoTime();
            if (folded != total || replayed != total) {
                throw new IllegalStateException("folded " + folded + " and replayed " + replayed + " of " + total);
            }
            out.println((round == 0 ? "warm-up  " : "round " + round + "  ") + "fold " + rate(total, t1 - t0)
                    + "  decode+fold " + rate(total, t2 - t1) + "  (decode ≈ " + percent(t2 - t1 - (t1 - t0),
                    t2 - t1) + " of decode+fold)");
        }
        return 0;
    }

    private static String rate(long events, long nanos) {
        return String.format("%,.0f events/s", events / (nanos / 1e9));
    }

    private static String percent(long part, long whole) {
        return String.format("%.0f%%", 100.0 * part / whole);
    }
}
