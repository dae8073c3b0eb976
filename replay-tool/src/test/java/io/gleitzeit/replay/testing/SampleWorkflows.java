package io.gleitzeit.replay.testing;

import static io.gleitzeit.replay.testing.Script.FUNCTIONS;
import static io.gleitzeit.replay.testing.Script.GPU_B;
import static io.gleitzeit.replay.testing.Script.dispatch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.TokenUsage;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.state.testing.Workflows;
import java.time.Duration;
import java.util.Map;

/**
 * The workflows the tests and the recorded histories are made of, each written as its decider would have appended
 * it: ready tasks dispatched in the decision that made them ready, a failure and its retry in one commit.
 */
public final class SampleWorkflows {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SampleWorkflows() {
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Extract → Summarise; Summarise times out once, fails once, and completes at its third attempt. */
    public static Script retried(String id) {
        var wf = Workflows.workflow(id).name("summarise report")
                .function("Extract", "extract_text")
                .text("Summarise", "Summarise {{Extract.result}}", "llama3",
                        t -> t.dependsOn("Extract").retries(3, Duration.ofSeconds(2)).timeout(Duration.ofSeconds(30)))
                .build();
        String extract = id + "/0";
        String summarise = id + "/1";
        return Script.submit(wf)
                .commit(ms(3), new TaskReady(extract, 1), dispatch(extract, 1, FUNCTIONS))
                .commit(ms(40), new TaskAccepted(extract, 1, FUNCTIONS.serviceId()))
                .commit(ms(410), new TaskCompleted(extract, 1, JSON.textNode("quarterly figures"), null, 400L,
                        FUNCTIONS.serviceId(), null), new TaskReady(summarise, 1), dispatch(summarise, 1, GPU_B))
                .commit(ms(30_000), new TaskTimedOut(summarise, 1, Duration.ofSeconds(30)),
                        new TaskRetryScheduled(summarise, 2, Duration.ofSeconds(2), Script.T0.plusMillis(32_453)))
                .commit(ms(2_000), new TaskReady(summarise, 2), dispatch(summarise, 2, GPU_B))
                .commit(ms(800), new TaskFailed(summarise, 2, new TaskError("model not loaded", "ollama_error", true)),
                        new TaskRetryScheduled(summarise, 3, Duration.ofSeconds(4), Script.T0.plusMillis(37_253)))
                .commit(ms(1_200), new TaskResultDiscarded(summarise, 1, "attempt 3 is current"))
                .commit(ms(2_800), new TaskReady(summarise, 3), dispatch(summarise, 3, GPU_B))
                .commit(ms(150), new TaskProgressed(summarise, 3, 50, "generating"))
                .commit(ms(1_850), new TaskCompleted(summarise, 3, JSON.textNode("Revenue grew 4%."),
                        new TokenUsage(812, 64), 1_900L, GPU_B.serviceId(), GPU_B.endpointId()))
                .commit(ms(1), new WorkflowCompleted(2, Map.of("Extract", JSON.textNode("quarterly figures"),
                        "Summarise", JSON.textNode("Revenue grew 4%."))));
    }

    /**
     * Under {@code continue}: Fetch fails for good (not retryable), its dependent Parse is skipped, the independent
     * Notify completes; the workflow fails.
     */
    public static Script failedUnderContinue(String id) {
        var wf = Workflows.workflow(id).name("nightly import").errorStrategy(ErrorStrategy.CONTINUE)
                .function("Fetch", "http_get")
                .function("Parse", "parse_csv", "Fetch")
                .function("Notify", "send_mail")
                .build();
        String fetch = id + "/0";
        String parse = id + "/1";
        String notify = id + "/2";
        return Script.submit(wf)
                .commit(ms(2), new TaskReady(fetch, 1), new TaskReady(notify, 1), dispatch(fetch, 1, FUNCTIONS),
                        dispatch(notify, 1, FUNCTIONS))
                .commit(ms(120), new TaskAccepted(fetch, 1, FUNCTIONS.serviceId()))
                .commit(ms(30), new TaskCompleted(notify, 1, JSON.objectNode().put("sent", true), null, 25L,
                        FUNCTIONS.serviceId(), null))
                .commit(ms(900), new TaskFailed(fetch, 1, new TaskError("HTTP 404 from https://example.org/data.csv",
                                "http_error", false)),
                        new TaskSkipped(parse, "dependency Fetch failed"),
                        new WorkflowFailed("task Fetch failed", 1, 1, Map.of("Notify",
                                JSON.objectNode().put("sent", true)),
                                Map.of("Fetch", "HTTP 404 from https://example.org/data.csv")));
    }

    /** One task whose result ({@code size} chars) is over the log's inline limit, so it is stored by reference. */
    public static Script largeResult(String id, int size) {
        var wf = Workflows.workflow(id).name("large").function("Render", "render_page").build();
        String render = id + "/0";
        var page = JSON.textNode("<p>" + "x".repeat(size) + "</p>");
        return Script.submit(wf)
                .commit(ms(3), new TaskReady(render, 1), dispatch(render, 1, FUNCTIONS))
                .commit(ms(900), new TaskCompleted(render, 1, page, null, 880L, FUNCTIONS.serviceId(), null),
                        new WorkflowCompleted(1, Map.of("Render", page)));
    }

    /** Cancelled while one task runs and another waits for it. */
    public static Script cancelled(String id) {
        var wf = Workflows.workflow(id).name("long batch")
                .function("Crunch", "crunch")
                .function("Report", "report", "Crunch")
                .build();
        String crunch = id + "/0";
        String report = id + "/1";
        return Script.submit(wf)
                .commit(ms(5), new TaskReady(crunch, 1), dispatch(crunch, 1, FUNCTIONS))
                .commit(ms(50), new TaskAccepted(crunch, 1, FUNCTIONS.serviceId()))
                .commit(ms(5_000), new TaskProgressed(crunch, 1, 30, "30 of 100 chunks"))
                .commit(ms(1_000), new TaskCancelled(crunch, 1, "workflow cancelled"),
                        new TaskCancelled(report, 0, "workflow cancelled"),
                        new WorkflowCancelled("no longer needed", "bob"));
    }

    /**
     * A history with an event of a type this version does not know (written by a newer one): the fold ignores it,
     * and it may even follow the terminal event.
     */
    public static Script withUnknownEvent(String id) {
        var wf = Workflows.workflow(id).function("Only", "noop").build();
        String only = id + "/0";
        return Script.submit(wf)
                .commit(ms(1), new TaskReady(only, 1), dispatch(only, 1, FUNCTIONS))
                .commit(ms(5), new UnknownEvent("task.heartbeat_missed", 2, JSON.objectNode().put("task_id", only)))
                .commit(ms(20), new TaskCompleted(only, 1, JSON.numberNode(42), null, null, FUNCTIONS.serviceId(),
                        null), new WorkflowCompleted(1, Map.of("Only", JSON.numberNode(42))))
                .commit(ms(60_000), new UnknownEvent("workflow.archived", 1, JSON.objectNode().put("to", "s3")));
    }

    /**
     * Under {@code continue}: Summarise each runs over three documents, two at a time; item 1 fails once and is
     * retried, item 2 fails for good and keeps its error in its slot; Publish gets the list; the workflow completes.
     */
    public static Script batch(String id) {
        var wf = Workflows.workflow(id).name("summarise folder").errorStrategy(ErrorStrategy.CONTINUE)
                .function("Summarise each", "summarise", t -> t.param("args", JSON.arrayNode().add("{{item}}"))
                        .batch(JSON.arrayNode().add("a.txt").add("b.txt").add("c.txt"), 2)
                        .retries(2, Duration.ofSeconds(1)))
                .function("Publish", "publish", t -> t.dependsOn("Summarise each")
                        .param("args", JSON.arrayNode().add("{{Summarise each.result}}")))
                .build();
        String each = id + "/0";
        String publish = id + "/1";
        String u0 = each + "[0]";
        String u1 = each + "[1]";
        String u2 = each + "[2]";
        var list = JSON.arrayNode().add("summary of a").add("summary of b")
                .add(JSON.objectNode().put("success", false).put("error", "unreadable").put("error_type", "ValueError"));
        return Script.submit(wf)
                .commit(ms(2), new TaskReady(each, 1), new TaskBatchExpanded(each, 1, 3), new TaskReady(u0, 1),
                        new TaskReady(u1, 1), dispatch(u0, 1, FUNCTIONS), dispatch(u1, 1, FUNCTIONS))
                .commit(ms(300), new TaskFailed(u1, 1, new TaskError("timeout talking to store", "IOError", true)),
                        new TaskRetryScheduled(u1, 2, Duration.ofSeconds(1), Script.T0.plusMillis(1_302)))
                .commit(ms(200), new TaskCompleted(u0, 1, JSON.textNode("summary of a"), null, 480L,
                        FUNCTIONS.serviceId(), null), new TaskReady(u2, 1), dispatch(u2, 1, FUNCTIONS))
                .commit(ms(800), new TaskReady(u1, 2), dispatch(u1, 2, FUNCTIONS))
                .commit(ms(100), new TaskFailed(u2, 1, new TaskError("unreadable", "ValueError", false)))
                .commit(ms(400), new TaskCompleted(u1, 2, JSON.textNode("summary of b"), null, 390L,
                        FUNCTIONS.serviceId(), null),
                        new TaskCompleted(each, 1, list, null, null, null, null),
                        new TaskReady(publish, 1), dispatch(publish, 1, FUNCTIONS))
                .commit(ms(50), new TaskCompleted(publish, 1, JSON.booleanNode(true), null, 40L,
                        FUNCTIONS.serviceId(), null), new WorkflowCompleted(2, Map.of("Summarise each", list,
                        "Publish", JSON.booleanNode(true))));
    }
}
