package io.gleitzeit.replay.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code state} and {@code timeline} of a batch workflow: units appear under their batch task, by name and item. */
@RedisTest
class BatchViewsTest {
    private TestRedis redis;

    @BeforeEach
    void aBatchWorkflowInTheLog(TestRedis redis) {
        this.redis = redis;
        SampleWorkflows.batch("wf-batch").appendTo(TestLog.log(redis));
    }

    @Test
    void stateListsEachBatchTasksUnitsAfterIt() {
        Cli.Run run = Cli.on(redis, "state", "wf-batch");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("tasks     2 total: 2 completed, 0 failed");
        int batch = indexOf(run, "Summarise each ");
        assertThat(run.lines().get(batch + 1)).containsPattern("Summarise each\\[0]\\s+wf-batch/0\\[0]\\s+COMPLETED\\s+1\\s+1");
        assertThat(run.lines().get(batch + 2)).containsPattern("Summarise each\\[1]\\s+wf-batch/0\\[1]\\s+COMPLETED\\s+2\\s+2");
        assertThat(run.lines().get(batch + 3)).containsPattern("Summarise each\\[2]\\s+wf-batch/0\\[2]\\s+FAILED\\s+1\\s+1"
                + "\\s+error ValueError: unreadable");
        assertThat(run.lines().get(batch + 4)).startsWith("  Publish ");
    }

    @Test
    void stateAsJsonNestsTheUnitsInTheirBatch() throws Exception {
        JsonNode state = new ObjectMapper().readTree(Cli.on(redis, "state", "wf-batch", "--json").out());

        JsonNode batch = state.get("tasks").get(0).get("batch");
        assertThat(batch.get("count").asInt()).isEqualTo(3);
        assertThat(batch.get("ended").asInt()).isEqualTo(3);
        assertThat(batch.get("units").get(1).get("attempts_made").asInt()).isEqualTo(2);
        assertThat(batch.get("units").get(2).get("error").get("message").asText()).isEqualTo("unreadable");
        assertThat(state.get("tasks").get(1).has("batch")).isFalse();
    }

    @Test
    void timelineNamesUnitsByTheirBatchTaskAndItem() {
        Cli.Run run = Cli.on(redis, "timeline", "wf-batch");

        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("task\\.batch_expanded\\s+Summarise each\\s+1\\s+batch of 3 items");
        assertThat(run.out()).containsPattern("task\\.failed\\s+Summarise each\\[2]\\s+1\\s+");
    }

    private static int indexOf(Cli.Run run, String start) {
        for (int i = 0; i < run.lines().size(); i++) {
            if (run.lines().get(i).startsWith("  " + start)) {
                return i;
            }
        }
        throw new AssertionError("no row starting with " + start + " in\n" + run.out());
    }
}
