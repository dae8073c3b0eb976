package io.gleitzeit.replay.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.replay.audit.HistoryAudit;
import io.gleitzeit.replay.audit.HistoryReport;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's replay gate: histories recorded by earlier versions (frozen in {@code histories/*.jsonl}) must still
 * decode, fold and pass every invariant. A change of the event model that breaks old streams fails here.
 */
class RecordedHistoriesTest {
    private static final Map<String, WorkflowStatus> OUTCOMES = Map.of(
            "retried-then-completed.jsonl", WorkflowStatus.COMPLETED,
            "failed-under-continue.jsonl", WorkflowStatus.FAILED,
            "cancelled-while-running.jsonl", WorkflowStatus.CANCELLED,
            "unknown-event-types.jsonl", WorkflowStatus.COMPLETED,
            "batch-under-continue.jsonl", WorkflowStatus.COMPLETED);

    private final HistoryFile format = new HistoryFile(new CommitDecoder(EventCodec.standard()));

    static Stream<Path> recorded() throws IOException, URISyntaxException {
        Path dir = Path.of(RecordedHistoriesTest.class.getResource("/histories").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList().stream();
        }
    }

    private WorkflowHistory read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<WorkflowHistory> histories = format.read(reader, file.getFileName().toString());
            assertThat(histories).as("one workflow per recorded file").hasSize(1);
            return histories.get(0);
        }
    }

    @Test
    void everyRecordedHistoryHasAKnownOutcome() throws Exception {
        assertThat(recorded().map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                OUTCOMES.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void decodesFoldsAndPassesEveryInvariant(Path file) throws IOException {
        WorkflowHistory history = read(file);

        HistoryReport report = HistoryAudit.audit(history);

        assertThat(history.isReadable()).isTrue();
        assertThat(report.violations()).isEmpty();
        assertThat(report.state().status()).isEqualTo(OUTCOMES.get(file.getFileName().toString()));
        assertThat(report.state().version()).isEqualTo(report.events());
    }

    @Test
    void theRetriedHistoryEndsWithTheThirdAttemptsResult() throws Exception {
        WorkflowState state = HistoryAudit.audit(read(file("retried-then-completed.jsonl"))).state();

        assertThat(state.taskByName("Summarise")).hasValueSatisfying(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(t.attempt()).isEqualTo(3);
            assertThat(t.attemptsMade()).isEqualTo(3);
            assertThat(t.hasDiscarded(1)).isTrue();
            assertThat(t.result().asText()).isEqualTo("Revenue grew 4%.");
        });
    }

    @Test
    void theContinueHistorySkipsOnlyTheFailedTasksDependents() throws Exception {
        WorkflowState state = HistoryAudit.audit(read(file("failed-under-continue.jsonl"))).state();

        assertThat(state.tasksInOrder()).extracting(t -> t.name() + "=" + t.status())
                .containsExactly("Fetch=FAILED", "Parse=SKIPPED", "Notify=COMPLETED");
    }

    private static Path file(String name) throws URISyntaxException {
        return Path.of(RecordedHistoriesTest.class.getResource("/histories/" + name).toURI());
    }
}
