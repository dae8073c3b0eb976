package io.gleitzeit.replay.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.Script;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class StateCommandTest {
    private TestRedis redis;
    private Script retried;

    @BeforeEach
    void aRetriedWorkflowInTheLog(TestRedis redis) {
        this.redis = redis;
        retried = SampleWorkflows.retried("wf-state").appendTo(TestLog.log(redis));
    }

    private static String row(Cli.Run run, String task) {
        return run.lines().stream().filter(l -> l.trim().startsWith(task + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + task + " in\n" + run.out()));
    }

    @Nested
    class AtTheEnd {
        @Test
        void showsTheWorkflowAndEveryTask() {
            Cli.Run run = Cli.on(redis, "state", "wf-state");

            assertThat(run.code()).isZero();
            assertThat(run.lines().get(0)).isEqualTo("workflow wf-state 'summarise report' at version 19");
            assertThat(run.out()).contains("status    COMPLETED\n", "tasks     2 total: 2 completed, 0 failed");
            assertThat(row(run, "Extract")).containsPattern("wf-state/0\\s+COMPLETED\\s+1\\s+1\\s+\"quarterly figures\"");
            assertThat(row(run, "Summarise")).containsPattern("wf-state/1\\s+COMPLETED\\s+3\\s+3\\s+\"Revenue grew 4%.\"");
        }

        @Test
        void asJsonGivesEveryTasksFigures() throws Exception {
            Cli.Run run = Cli.on(redis, "state", "wf-state", "--json");

            JsonNode state = new ObjectMapper().readTree(run.out());
            assertThat(state.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(state.get("version").asLong()).isEqualTo(19);
            JsonNode summarise = state.get("tasks").get(1);
            assertThat(summarise.get("attempts_made").asInt()).isEqualTo(3);
            assertThat(summarise.get("result").asText()).isEqualTo("Revenue grew 4%.");
            assertThat(summarise.get("target").get("endpoint_id").asText()).isEqualTo("gpu-b");
        }
    }

    @Nested
    class AtAPoint {
        @Test
        void atAVersionFoldsUpToAndIncludingIt() {
            Cli.Run run = Cli.on(redis, "state", "wf-state", "--at", "13");

            assertThat(run.lines().get(0)).endsWith("at version 13 (--at version 13)");
            assertThat(run.out()).contains("status    RUNNING");
            assertThat(row(run, "Summarise")).containsPattern("RETRY_WAITING\\s+3\\s+2\\s+error ollama_error: model "
                    + "not loaded \\(retryable\\)");
        }

        @Test
        void atAnEventIdFoldsUpToAndIncludingThatEvent() {
            String timedOut = retried.events().get(7).eventId();

            Cli.Run run = Cli.on(redis, "state", "wf-state", "--at", timedOut);

            assertThat(run.lines().get(0)).contains("at version 8 (--at event " + timedOut + ")");
            assertThat(row(run, "Summarise")).containsPattern("FAILED\\s+1\\s+1\\s+error timeout: attempt 1 timed out "
                    + "after 30s \\(retryable\\)");
        }

        @Test
        void atAMomentFoldsTheEventsThatHadOccurred() {
            Cli.Run run = Cli.on(redis, "state", "wf-state", "--at", Script.T0.plusSeconds(1).toString());

            assertThat(run.lines().get(0)).contains("at version 7");
            assertThat(row(run, "Extract")).contains("COMPLETED");
            assertThat(row(run, "Summarise")).containsPattern("DISPATCHED\\s+1\\s+1");
        }

        @Test
        void beyondTheEndIsNotFound() {
            Cli.Run run = Cli.on(redis, "state", "wf-state", "--at", "20");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: workflow wf-state ends at version 19, there is no version 20\n");
        }

        @Test
        void anUnknownEventIdIsNotFound() {
            Cli.Run run = Cli.on(redis, "state", "wf-state", "--at", "no-such-event");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("workflow wf-state has no event no-such-event");
        }

        @Test
        void beforeTheSubmissionThereIsNoState() {
            Cli.Run run = Cli.on(redis, "state", "wf-state", "--at", "2029-12-31T23:00:00Z");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("was not yet submitted at 2029-12-31T23:00:00Z");
        }
    }
}
