package io.gleitzeit.replay.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.Script;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class TimelineCommandTest {
    private TestRedis redis;
    private Script retried;

    @BeforeEach
    void aRetriedWorkflowInTheLog(TestRedis redis) {
        this.redis = redis;
        retried = SampleWorkflows.retried("wf-timeline").appendTo(TestLog.log(redis));
    }

    private static String lineOf(Cli.Run run, String version, String type) {
        return run.lines().stream().filter(l -> l.matches("\\S+\\s+" + version + "\\s+" + type.replace(".", "\\.")
                + "\\b.*")).findFirst().orElseThrow(() -> new AssertionError("no line for v" + version + " " + type
                + " in\n" + run.out()));
    }

    @Nested
    class AsText {
        @Test
        void printsOneLinePerEventAfterAHeader() {
            Cli.Run run = Cli.on(redis, "timeline", "wf-timeline");

            assertThat(run.code()).isZero();
            assertThat(run.lines()).hasSize(1 + retried.events().size());
            assertThat(run.lines().get(0)).startsWith("TIME").contains("TYPE", "TASK", "ATT", "DETAIL");
            assertThat(run.lines().get(1)).startsWith("+0:00.000").contains("workflow.submitted",
                    "'summarise report' by alice, 2 tasks, on error stop");
        }

        @Test
        void showsTheRoutingDecisionOfADispatch() {
            Cli.Run run = Cli.on(redis, "timeline", "wf-timeline");

            assertThat(lineOf(run, "7", "task.dispatched")).contains("Summarise", " 1 ",
                    "to ollama (svc-llm-1) endpoint gpu-b via hub-a; least_loaded: fewest in flight; candidates "
                            + "svc-llm-1/gpu-b [0/4 in flight, 35ms, model loaded], svc-other/gpu-a [3/4 in flight, "
                            + "120ms]");
        }

        @Test
        void showsDurationsErrorsAndRetries() {
            Cli.Run run = Cli.on(redis, "timeline", "wf-timeline");

            assertThat(lineOf(run, "8", "task.timed_out")).startsWith("+0:30.453")
                    .contains("no result within 30.000s, gave up after 30.000s");
            assertThat(lineOf(run, "12", "task.failed")).contains("ollama_error: model not loaded (retryable) after "
                    + "800ms");
            assertThat(lineOf(run, "13", "task.retry_scheduled")).contains("attempt 3 after a backoff of 4.000s");
            assertThat(lineOf(run, "18", "task.completed")).contains("took 2.000s (service reported 1.900s); "
                    + "tokens 812+64; result \"Revenue grew 4%.\"");
        }
    }

    @Nested
    class AsJson {
        @Test
        void printsTheStoredEventPlusRelativeTimeAndTaskNamePerLine() throws Exception {
            Cli.Run run = Cli.on(redis, "timeline", "wf-timeline", "--json");

            ObjectMapper mapper = new ObjectMapper();
            List<JsonNode> lines = run.lines().stream().map(l -> {
                try {
                    return mapper.readTree(l);
                } catch (Exception e) {
                    throw new AssertionError(l, e);
                }
            }).toList();
            assertThat(lines).hasSize(retried.events().size());
            assertThat(lines).extracting(n -> n.get("version").asLong())
                    .containsExactlyElementsOf(retried.events().stream().map(e -> e.version()).toList());
            JsonNode timedOut = lines.get(7);
            assertThat(timedOut.get("type").asText()).isEqualTo("task.timed_out");
            assertThat(timedOut.get("relative_ms").asLong()).isEqualTo(30_453);
            assertThat(timedOut.get("task_name").asText()).isEqualTo("Summarise");
            assertThat(timedOut.get("event_id").asText()).isEqualTo(retried.events().get(7).eventId());
            assertThat(lines.get(0).get("task_name").isNull()).isTrue();
        }
    }

    @Test
    void anUnknownWorkflowIsNotFound() {
        Cli.Run run = Cli.on(redis, "timeline", "wf-missing");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: workflow wf-missing not found (no stream " + redis.prefix());
    }
}
