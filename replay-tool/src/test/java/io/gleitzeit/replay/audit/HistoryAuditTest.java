package io.gleitzeit.replay.audit;

import static io.gleitzeit.replay.testing.Script.FUNCTIONS;
import static io.gleitzeit.replay.testing.Script.dispatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.replay.history.CommitDecoder;
import io.gleitzeit.replay.history.StoredCommit;
import io.gleitzeit.replay.history.WorkflowHistory;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.Script;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HistoryAuditTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final EventCodec CODEC = EventCodec.standard();
    private static final Duration MS = Duration.ofMillis(1);

    /** A → B: B depends on A. */
    private static Script chain(String id) {
        return Script.submit(Workflows.workflow(id).function("A", "a").function("B", "b", "A").build());
    }

    private static TaskCompleted done(String taskId, int attempt) {
        return new TaskCompleted(taskId, attempt, JSON.textNode("ok"), null, null, FUNCTIONS.serviceId(), null);
    }

    private static List<Violation> violations(Script script) {
        return HistoryAudit.audit(script.history()).violations();
    }

    /** The history of {@code script} with its commits re-encoded after {@code edit} changed the events. */
    private static WorkflowHistory edited(Script script, java.util.function.UnaryOperator<List<
            EventEnvelope<WorkflowEvent>>> edit) {
        CommitDecoder decoder = new CommitDecoder(CODEC);
        List<StoredCommit> commits = new ArrayList<>();
        for (List<EventEnvelope<WorkflowEvent>> c : script.commits()) {
            List<EventEnvelope<WorkflowEvent>> events = edit.apply(c);
            long first = events.get(0).version();
            commits.add(decoder.decode(script.workflowId(), first + "-0", first, events.size(),
                    CODEC.encodeAll(events)));
        }
        return new WorkflowHistory(script.workflowId(), commits);
    }

    private static EventEnvelope<WorkflowEvent> withVersion(EventEnvelope<WorkflowEvent> e, long version) {
        return new EventEnvelope<>(e.eventId(), e.workflowId(), version, e.occurredAt(), e.causationId(),
                e.correlationId(), e.producer(), e.payload());
    }

    @Nested
    class ACorrectHistory {
        @Test
        void passesWithItsCounts() {
            Script script = SampleWorkflows.retried("wf-ok");

            HistoryReport report = HistoryAudit.audit(script.history());

            assertThat(report.passed()).isTrue();
            assertThat(report.commits()).isEqualTo(script.commits().size());
            assertThat(report.events()).isEqualTo(script.events().size());
            assertThat(report.foldBroken()).isFalse();
        }
    }

    @Nested
    class Versions {
        @Test
        void aGapIsReportedWithTheVersionFound() {
            Script script = chain("wf-gap").commit(MS, new TaskReady("wf-gap/0", 1));
            WorkflowHistory history = edited(script, c -> c.stream()
                    .map(e -> e.version() == 2 ? withVersion(e, 3) : e).toList());

            List<Violation> violations = HistoryAudit.audit(history).violations();

            assertThat(violations).extracting(Violation::check).containsExactly(Check.VERSIONS_CONTIGUOUS,
                    Check.FOLD);
            assertThat(violations).filteredOn(v -> v.check() == Check.VERSIONS_CONTIGUOUS).singleElement()
                    .satisfies(v -> {
                        assertThat(v.version()).isEqualTo(3);
                        assertThat(v.message()).startsWith("expected version 2 but found 3");
                    });
        }

        @Test
        void aCommitStoredUnderAnotherVersionThanItsFirstEventIsReported() {
            Script script = chain("wf-moved").commit(MS, new TaskReady("wf-moved/0", 1));
            List<StoredCommit> commits = new ArrayList<>(script.history().commits());
            StoredCommit second = commits.get(1);
            commits.set(1, new StoredCommit(second.workflowId(), "7-0", 7, second.encodedEvents(), second.events(),
                    second.problem()));

            assertThat(HistoryAudit.audit(new WorkflowHistory("wf-moved", commits)).violations()).singleElement()
                    .satisfies(v -> {
                        assertThat(v.check()).isEqualTo(Check.COMMIT_LOCATION);
                        assertThat(v.message()).isEqualTo("commit 7-0 is stored as version 7 but its first event "
                                + "has version 2");
                    });
        }

        @Test
        void aRepeatedEventIdIsReported() {
            Script script = chain("wf-dup-id").commit(MS, new TaskReady("wf-dup-id/0", 1));
            String firstId = script.events().get(0).eventId();
            WorkflowHistory history = edited(script, c -> c.stream().map(e -> e.version() == 2
                    ? new EventEnvelope<>(firstId, e.workflowId(), 2, e.occurredAt(), null, null, "x", e.payload())
                    : e).toList());

            assertThat(HistoryAudit.audit(history).violations()).singleElement().satisfies(v -> {
                assertThat(v.check()).isEqualTo(Check.UNIQUE_EVENT_IDS);
                assertThat(v.message()).contains(firstId).contains("version 1");
            });
        }
    }

    @Nested
    class Fold {
        @Test
        void anIllegalTransitionIsReportedWithItsVersionAndTheFoldStopsThere() {
            Script script = chain("wf-illegal").commit(MS, new TaskReady("wf-illegal/0", 1))
                    .commit(MS, done("wf-illegal/0", 1));

            HistoryReport report = HistoryAudit.audit(script.history());

            assertThat(report.violations()).singleElement().satisfies(v -> {
                assertThat(v.check()).isEqualTo(Check.FOLD);
                assertThat(v.version()).isEqualTo(3);
                assertThat(v.message()).contains("TaskCompleted").contains("READY");
            });
            assertThat(report.foldBroken()).isTrue();
            assertThat(report.state().version()).isEqualTo(2);
        }

        @Test
        void anUnreadableCommitIsReportedAndTheRestIsStillChecked() {
            Script script = chain("wf-garbled").commit(MS, new TaskReady("wf-garbled/0", 1))
                    .commit(MS, new TaskReady("wf-garbled/0", 1), new TaskReady("wf-garbled/0", 1));
            WorkflowHistory good = script.history();
            List<StoredCommit> commits = new ArrayList<>(good.commits());
            commits.set(1, new CommitDecoder(CODEC).decode("wf-garbled", "2-0", 2, 1, "[{\"type\":"));

            List<Violation> violations = HistoryAudit.audit(new WorkflowHistory("wf-garbled", commits)).violations();

            assertThat(violations).extracting(Violation::check)
                    .containsExactly(Check.COMMIT_READABLE, Check.FOLD);
            assertThat(violations.get(0).message()).contains("commit 2-0").contains("malformed JSON");
        }
    }

    @Nested
    class Dispatches {
        @Test
        void aDispatchBeforeItsDependencyCompletedIsReported() {
            Script script = chain("wf-early").commit(MS, new TaskReady("wf-early/0", 1),
                    dispatch("wf-early/0", 1, FUNCTIONS), new TaskReady("wf-early/1", 1),
                    dispatch("wf-early/1", 1, FUNCTIONS));

            assertThat(violations(script)).singleElement().satisfies(v -> {
                assertThat(v.check()).isEqualTo(Check.DISPATCH_AFTER_DEPENDENCIES);
                assertThat(v.version()).isEqualTo(5);
                assertThat(v.message()).isEqualTo("task wf-early/1 'B' attempt 1 dispatched while its dependency "
                        + "wf-early/0 'A' was DISPATCHED");
            });
        }

        @Test
        void aSecondDispatchOfTheSameAttemptIsReported() {
            Script script = chain("wf-twice").commit(MS, new TaskReady("wf-twice/0", 1),
                    dispatch("wf-twice/0", 1, FUNCTIONS)).commit(MS, dispatch("wf-twice/0", 1, FUNCTIONS));

            assertThat(violations(script)).extracting(Violation::check)
                    .containsExactlyInAnyOrder(Check.SINGLE_DISPATCH, Check.FOLD);
            assertThat(violations(script)).filteredOn(v -> v.check() == Check.SINGLE_DISPATCH).singleElement()
                    .satisfies(v -> assertThat(v.message()).isEqualTo(
                            "task wf-twice/0 'A' attempt 1 dispatched again (first at version 3)"));
        }

        @Test
        void aSecondCompletionOfTheSameAttemptIsReported() {
            Script script = chain("wf-done-twice").commit(MS, new TaskReady("wf-done-twice/0", 1),
                    dispatch("wf-done-twice/0", 1, FUNCTIONS)).commit(MS, done("wf-done-twice/0", 1))
                    .commit(MS, done("wf-done-twice/0", 1));

            assertThat(violations(script)).extracting(Violation::check)
                    .containsExactlyInAnyOrder(Check.SINGLE_COMPLETION, Check.FOLD);
        }
    }

    @Nested
    class Terminal {
        @Test
        void anEventAfterTheTerminalOneIsReported() {
            String id = "wf-after";
            Script script = Script.submit(Workflows.workflow(id).function("A", "a").build())
                    .commit(MS, new TaskReady(id + "/0", 1), dispatch(id + "/0", 1, FUNCTIONS))
                    .commit(MS, done(id + "/0", 1), new WorkflowCompleted(1, Map.of()))
                    .commit(MS, new TaskReady(id + "/0", 1));

            assertThat(violations(script)).filteredOn(v -> v.check() == Check.NOTHING_AFTER_TERMINAL)
                    .singleElement().satisfies(v -> {
                        assertThat(v.version()).isEqualTo(6);
                        assertThat(v.message()).isEqualTo("TaskReady follows the terminal WorkflowCompleted at version 5");
                    });
        }

        @Test
        void eventsOfUnknownNewerTypesMayFollowIt() {
            assertThat(violations(SampleWorkflows.withUnknownEvent("wf-unknown"))).isEmpty();
        }
    }
}
