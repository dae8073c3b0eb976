package io.gleitzeit.replay.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.projections.workflows.WorkflowSummaries;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import org.junit.jupiter.api.Test;

@RedisTest
class RebuildCommandTest {

    @Test
    void rebuildsAReadModelFromTheStreamsAndSaysWhatItReplaced(TestRedis redis) {
        SampleWorkflows.retried("wf-rebuild").appendTo(TestLog.log(redis));

        Cli.Run first = Cli.on(redis, "rebuild", "workflows");
        Cli.Run second = Cli.on(redis, "rebuild", "workflows");

        assertThat(first.code()).isZero();
        assertThat(first.lines()).singleElement().asString()
                .matches("rebuilt workflows: generation \\d+ from \\d+ stream entries in \\d+ round\\(s\\) \\(it had none\\)");
        assertThat(second.lines()).singleElement().asString().contains("replacing generation");
        var summaries = new WorkflowSummaries(redis.connect(), TestLog.keys(redis));
        assertThat(summaries.get("wf-rebuild").toCompletableFuture().join())
                .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED));
    }

    @Test
    void verifyComparesTheStoredSummaryOfAFinishedWorkflowWithTheFold(TestRedis redis) {
        SampleWorkflows.retried("wf-stored").appendTo(TestLog.log(redis));
        assertThat(Cli.on(redis, "rebuild", "workflows").code()).isZero();
        assertThat(Cli.on(redis, "verify", "wf-stored").out()).contains("1 stored states: all invariants hold");

        // Corrupt the stored copy: the read model now claims the workflow failed.
        var conn = redis.connect().sync();
        String key = conn.keys(redis.prefix() + "{proj:workflows}:g*:workflows").get(0);
        String json = conn.hget(key, "wf-stored");
        assertThat(json).contains("\"status\":\"COMPLETED\"");
        conn.hset(key, "wf-stored", json.replace("\"status\":\"COMPLETED\"", "\"status\":\"FAILED\""));

        Cli.Run run = Cli.on(redis, "verify", "wf-stored");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL wf-stored", "[stored-state] read model says FAILED, the events say COMPLETED");
    }

    @Test
    void anUnknownModelIsRefusedNamingTheKnownOnes(TestRedis redis) {
        Cli.Run run = Cli.on(redis, "rebuild", "nonsense");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("unknown read model 'nonsense'", "registry", "load", "workflows");
    }
}
