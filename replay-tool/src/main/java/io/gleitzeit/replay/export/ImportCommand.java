package io.gleitzeit.replay.export;

import io.gleitzeit.replay.cli.CommandFailure;
import io.gleitzeit.replay.cli.LogSession;
import io.gleitzeit.replay.cli.ReplayCli;
import io.gleitzeit.replay.history.WorkflowHistory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code import FILE}: re-appends the commits of an export into the log given by {@code --redis}/{@code --prefix},
 * through the event log's own append with expected versions, so the copy is a valid log.
 */
@Command(name = "import", description = "Re-append the commits of an export file (- for stdin) into the log given "
        + "by --redis/--prefix/--partitions, with expected versions. Refuses workflows that exist there already.")
public final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    ReplayCli root;

    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    @Override
    public Integer call() {
        try (LogSession session = root.log().open()) {
            List<WorkflowHistory> histories;
            try (BufferedReader reader = open()) {
                histories = session.historyFile().read(reader, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
            Importer.Summary summary = new Importer(session).importAll(histories);
            summary.workflows().forEach(w -> root.out().println("imported " + w));
            root.out().println("imported " + summary.workflows().size() + " workflows, " + summary.commits()
                    + " commits, " + summary.events() + " events into " + root.log().describe());
            return 0;
        }
    }

    private BufferedReader open() throws IOException {
        if ("-".equals(file)) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailure("no such file: " + file, e);
        }
    }
}
