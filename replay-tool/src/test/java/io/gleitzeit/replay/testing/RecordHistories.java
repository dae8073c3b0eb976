package io.gleitzeit.replay.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the recorded histories of {@code src/test/resources/histories} from {@link SampleWorkflows}. Run by hand
 * (not by the build) when a new history is added; the files are then frozen, so that a later change of the event
 * model that cannot read them fails {@code RecordedHistoriesTest}. Never regenerate an existing file to make that
 * test pass: that would hide exactly the incompatibility it exists to catch.
 */
public final class RecordHistories {
    private RecordHistories() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "replay-tool/src/test/resources/histories");
        Files.createDirectories(dir);
        Map<String, Script> histories = Map.of(
                "retried-then-completed", SampleWorkflows.retried("rec-retried"),
                "failed-under-continue", SampleWorkflows.failedUnderContinue("rec-continue"),
                "cancelled-while-running", SampleWorkflows.cancelled("rec-cancelled"),
                "unknown-event-types", SampleWorkflows.withUnknownEvent("rec-unknown"),
                "batch-under-continue", SampleWorkflows.batch("rec-batch"));
        for (var e : histories.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".jsonl");
            if (Files.exists(file)) {
                System.out.println("kept " + file + " (recorded histories are frozen)");
                continue;
            }
            Files.write(file, e.getValue().lines(), StandardCharsets.UTF_8);
            System.out.println("wrote " + file);
        }
    }
}
