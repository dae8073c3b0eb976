package io.gleitzeit.projections;

import static io.gleitzeit.projections.EventHistory.completed;
import static io.gleitzeit.projections.EventHistory.dispatched;

import io.gleitzeit.definition.Priority;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The workload the projections' tests share: two services (a function service with capacity 4; an LLM service
 * with endpoints gpu-a and gpu-b that disconnects), and four workflows:
 * <ul>
 *   <li>{@code wf-ok}: A on svc-fn (100 ms), B on svc-llm/gpu-a (300 ms); completed.</li>
 *   <li>{@code wf-retry}: R fails on svc-fn, is retried, times out on svc-fn; the workflow fails.</li>
 *   <li>{@code wf-cancel}: C0 running on svc-llm/gpu-b and C1 pending are cancelled.</li>
 *   <li>{@code wf-running}: U (urgent) and L (low) ready; G on svc-llm/gpu-a is failed by the disconnect and
 *       waits for a retry (its late result discarded); F runs on svc-fn.</li>
 * </ul>
 */
final class Scenario {
    private Scenario() {
    }

    static void play(EventHistory h) {
        h.register("svc-fn", "function", 4, List.of("python_execution"));
        h.register("svc-llm", "llm", 2, List.of("llm_generation"),
                new EndpointInfo("gpu-a", "http://a:11434", List.of("llama3"), "A100", 2, 4, List.of("fast")),
                new EndpointInfo("gpu-b", "http://b:11434", List.of(), null, 1));
        h.report("svc-llm", "gpu-a", true, List.of("llama3"), 8_000_000_000L, 24_000_000_000L);

        h.submit(Workflows.workflow("wf-ok").name("ok").function("A", "fa")
                .text("B", "p {{A.result}}", "llama3", t -> t.dependsOn("A").priority(Priority.HIGH)).build());
        h.commit("wf-ok", new TaskReady("wf-ok/0", 1));
        h.commit("wf-ok", dispatched("wf-ok/0", 1, "svc-fn", null));
        h.commit("wf-ok", new TaskAccepted("wf-ok/0", 1, "svc-fn"));
        h.commit("wf-ok", completed("wf-ok/0", 1, "svc-fn", 100L), new TaskReady("wf-ok/1", 1));
        h.commit("wf-ok", dispatched("wf-ok/1", 1, "svc-llm", "gpu-a"));
        h.commit("wf-ok", completed("wf-ok/1", 1, "svc-llm", 300L), new WorkflowCompleted(2, Map.of()));

        h.submit(Workflows.workflow("wf-retry").name("retry")
                .function("R", "fr", t -> t.retries(2, Duration.ofSeconds(1))).build());
        h.commit("wf-retry", new TaskReady("wf-retry/0", 1));
        h.commit("wf-retry", dispatched("wf-retry/0", 1, "svc-fn", null));
        h.commit("wf-retry", new TaskFailed("wf-retry/0", 1, new TaskError("boom", "ValueError", true)),
                new TaskRetryScheduled("wf-retry/0", 2, Duration.ofSeconds(1), h.now().plusSeconds(1)));
        h.commit("wf-retry", new TaskReady("wf-retry/0", 2));
        h.commit("wf-retry", dispatched("wf-retry/0", 2, "svc-fn", null));
        h.commit("wf-retry", new TaskTimedOut("wf-retry/0", 2, Duration.ofSeconds(30)),
                new WorkflowFailed("R failed", 0, 1, Map.of(), Map.of("R", "timed out")));

        h.submit(Workflows.workflow("wf-cancel").name("cancel").text("C0", "p", "llama3", t -> { })
                .function("C1", "f", "C0").build());
        h.commit("wf-cancel", new TaskReady("wf-cancel/0", 1));
        h.commit("wf-cancel", dispatched("wf-cancel/0", 1, "svc-llm", "gpu-b"));
        h.commit("wf-cancel", new TaskProgressed("wf-cancel/0", 1, 50, "half"));
        h.commit("wf-cancel", new TaskCancelled("wf-cancel/0", 1, "user"), new TaskCancelled("wf-cancel/1", 0, "user"),
                new WorkflowCancelled("user", "tester"));

        h.submit(Workflows.workflow("wf-running").name("running")
                .function("U", "f", t -> t.priority(Priority.URGENT))
                .function("L", "f", t -> t.priority(Priority.LOW))
                .text("G", "p", "llama3", t -> t.retries(3, Duration.ofSeconds(5)))
                .function("F", "f", t -> { }).build());
        h.commit("wf-running", new TaskReady("wf-running/0", 1), new TaskReady("wf-running/1", 1),
                new TaskReady("wf-running/2", 1), new TaskReady("wf-running/3", 1));
        h.commit("wf-running", dispatched("wf-running/2", 1, "svc-llm", "gpu-a"),
                dispatched("wf-running/3", 1, "svc-fn", null));
        h.commit("wf-running", new TaskAccepted("wf-running/3", 1, "svc-fn"));
        h.disconnect("svc-llm");
        h.commit("wf-running", new TaskFailed("wf-running/2", 1,
                        new TaskError("service svc-llm disconnected", "service_lost", true)),
                new TaskRetryScheduled("wf-running/2", 2, Duration.ofSeconds(5), h.now().plusSeconds(5)));
        h.commit("wf-running", new TaskResultDiscarded("wf-running/2", 1, "attempt 1 was released"));
    }
}
