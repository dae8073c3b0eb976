package io.gleitzeit.replay.dlq;

import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dlq list [--partition N]}. */
@Command(name = "list", description = "List dead letters, oldest first per partition.")
public final class DlqListCommand implements Callable<Integer> {
    @ParentCommand
    DlqCommand dlq;

    @Spec
    CommandSpec spec;

    @Option(names = "--partition", paramLabel = "N", description = "only this partition's dead letters")
    Integer partition;

    @Override
    public Integer call() {
        ReplayCli root = dlq.root();
        try (LogSession session = root.log().open()) {
            int count = session.keys().partitions().count();
            if (partition != null && (partition < 0 || partition >= count)) {
                throw new ParameterException(spec.commandLine(), "--partition must be within 0.." + (count - 1)
                        + ", was " + partition);
            }
            DeadLetterIndex index = new DeadLetterIndex(session);
            List<DeadLetterIndex.Located> letters = partition == null ? index.all() : index.partition(partition);
            letters.forEach(l -> root.out().println(DeadLetterIndex.line(l, session.keys())));
            root.out().println(letters.size() + " dead letters");
            return 0;
        }
    }
}
