package io.gleitzeit.replay.export;

import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.replay.history.HistoryFile;
import io.gleitzeit.replay.history.RedisHistories;
import io.gleitzeit.replay.history.StoredCommit;
import io.gleitzeit.replay.history.WorkflowHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code export [WORKFLOW_ID…|--since ISO] [--out FILE|-]}: workflow histories as JSON lines, one commit per line
 * ({@link HistoryFile}), the stored events copied unchanged, then the payloads they hold by reference. Without ids or
 * {@code --since}, every indexed workflow.
 */
@Command(name = "export", description = "Write workflow histories as JSON lines, one commit per line (workflow id, "
        + "first version, the events exactly as stored), then one line per payload stored by reference (its SHA-256 "
        + "and content). Without ids or --since: every workflow of every partition.")
public final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    ReplayCli root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WORKFLOW_ID")
    List<String> workflowIds = new ArrayList<>();

    @Option(names = "--since", paramLabel = "ISO", description = "workflows submitted at or after this moment")
    String since;

    @Option(names = "--out", paramLabel = "FILE|-", defaultValue = "-", description = "where to write (default: stdout)")
    String out;

    @Override
    public Integer call() {
        if (since != null && !workflowIds.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give either WORKFLOW_IDs or --since, not both");
        }
        Instant from = since == null ? null : parseSince();
        try (LogSession session = root.log().open()) {
            RedisHistories histories = session.histories();
            List<String> ids = !workflowIds.isEmpty() ? workflowIds
                    : from != null ? histories.workflowIdsSince(from) : histories.allWorkflowIds();
            List<String> missing = ids.stream().filter(id -> !histories.exists(id)).toList();
            if (!missing.isEmpty()) {
                throw new CommandFailure("not found (no stream): " + String.join(", ", missing));
            }
            int commits = 0;
            int events = 0;
            int blobs = 0;
            HistoryFile file = session.historyFile();
            try (Writer writer = open()) {
                for (String id : ids) {
                    WorkflowHistory history = histories.read(id);
                    for (String line : file.lines(history)) {
                        writer.write(line);
                        writer.write('\n');
                    }
                    blobs += history.blobs().size();
                    for (StoredCommit commit : history.commits()) {
                        commits++;
                        events += commit.events().size();
                        commit.problem().ifPresent(p -> root.err().println("warning: commit " + commit.source()
                                + " of " + id + " cannot be read; exported as stored: " + p));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out, e);
            }
            root.err().println("exported " + ids.size() + " workflows, " + commits + " commits, " + events
                    + " events" + (blobs == 0 ? "" : ", " + blobs + " payloads stored by reference")
                    + ("-".equals(out) ? "" : " to " + out));
            return 0;
        }
    }

    private Instant parseSince() {
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--since: not an ISO-8601 instant such as "
                    + "2030-01-01T00:00:00Z: " + since);
        }
    }

    private Writer open() throws IOException {
        if ("-".equals(out)) {
            // stdout stays open: it belongs to the caller
            PrintWriter stdout = root.out();
            return new Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) {
                    stdout.write(cbuf, off, len);
                }

                @Override
                public void flush() {
                    stdout.flush();
                }

                @Override
                public void close() {
                    stdout.flush();
                }
            };
        }
        return Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8);
    }
}
