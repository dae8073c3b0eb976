package io.gleitzeit.replay.dlq;

import io.gleitzeit.log.redis.DeadLetter;
import io.gleitzeit.log.redis.DeadLetters;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dlq redrive WORKFLOW_ID}: puts the workflow's dead letters back on their streams, followed by the entries
 * held behind them ({@link DeadLetters#redrive}), for every stream and group that parked it. Prints what it did.
 */
@Command(name = "redrive", description = "Put a workflow's dead letters, and the entries held behind them, back on "
        + "their streams (every stream and group that parked it). Prints what it re-drove.")
public final class DlqRedriveCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;

    @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
    String workflowId;

    @Override
    public Integer call() {
        ReplayCli root = dlq.root();
        try (LogSession session = root.log().open()) {
            KeyLayout keys = session.keys();
            int partition = keys.partitions().partitionOf(workflowId);
            // One re-drive per stream and group: it takes the parked letter and everything held behind it.
            Map<String, DeadLetter> parked = new LinkedHashMap<>();
            for (DeadLetterIndex.Located l : new DeadLetterIndex(session).partition(partition)) {
                DeadLetter d = l.letter();
                if (d.workflowId().filter(workflowId::equals).isPresent()) {
                    parked.putIfAbsent(d.stream() + "|" + d.group(), d);
                }
            }
            if (parked.isEmpty()) {
                throw new CommandFailure("workflow " + workflowId + " has no dead letters in "
                        + keys.deadLetters(keys.commands(partition)));
            }
            DeadLetters deadLetters = new DeadLetters(session.connection(), keys);
            int total = 0;
            for (DeadLetter d : parked.values()) {
                int n = deadLetters.redrive(d.stream(), d.group(), workflowId).toCompletableFuture().join();
                total += n;
                root.out().println("re-drove " + n + " entries of workflow " + workflowId + " to " + d.stream()
                        + " for group " + d.group() + ": dead letter " + d.position().redisId() + " (entry "
                        + d.entryId().redisId() + ", " + d.reason() + ")" + (n > 1 ? " and " + (n - 1)
                        + " held behind it" : ""));
            }
            root.out().println("re-drove " + total + " entries in " + parked.size() + " "
                    + (parked.size() == 1 ? "stream/group" : "streams/groups"));
            return 0;
        }
    }
}
