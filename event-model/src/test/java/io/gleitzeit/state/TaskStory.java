package io.gleitzeit.state;

import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.state.testing.History;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;

/**
 * Histories that leave task {@link #A} of a two-task workflow (A, then B depending on A; A may be tried three times)
 * in a chosen status and attempt.
 */
final class TaskStory {
    static final WorkflowDefinition WORKFLOW = Workflows.workflow("wf")
            .function("A", "extract", t -> t.retries(3, Duration.ofSeconds(1)))
            .function("B", "report", "A")
            .build();
    static final String A = "wf/0";
    static final String B = "wf/1";
    static final TaskError BOOM = new TaskError("boom", "RuntimeError", true);

    private TaskStory() {
    }

    /** Submitted: A is PENDING. */
    static History pending() {
        return History.submitted(WORKFLOW);
    }

    /** A is READY for {@code attempt} (earlier attempts failed and were retried). */
    static History ready(int attempt) {
        History h = pending().then(new TaskReady(A, 1));
        for (int k = 1; k < attempt; k++) {
            h.then(History.dispatched(A, k), new TaskAccepted(A, k, "svc-1"), new TaskFailed(A, k, BOOM),
                    new TaskRetryScheduled(A, k + 1, Duration.ofSeconds(1), History.T0.plusSeconds(1)),
                    new TaskReady(A, k + 1));
        }
        return h;
    }

    static History dispatched(int attempt) {
        return ready(attempt).then(History.dispatched(A, attempt));
    }

    static History running(int attempt) {
        return dispatched(attempt).then(new TaskAccepted(A, attempt, "svc-1"));
    }

    static History failed(int attempt) {
        return running(attempt).then(new TaskFailed(A, attempt, BOOM));
    }

    /** Attempt {@code failedAttempt} failed; A waits for attempt {@code failedAttempt + 1}. */
    static History retryWaiting(int failedAttempt) {
        return failed(failedAttempt).then(new TaskRetryScheduled(A, failedAttempt + 1, Duration.ofSeconds(1),
                History.T0.plusSeconds(1)));
    }

    static History completed(int attempt) {
        return running(attempt).then(History.completed(A, attempt, "done"));
    }
}
