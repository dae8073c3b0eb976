package io.gleitzeit.replay.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.ConsumerGroups;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import org.junit.jupiter.api.Test;

@RedisTest
class StatsCommandTest {
    @Test
    void showsEveryStreamWithItsGroupsAndRedisMemory(TestRedis redis) {
        KeyLayout keys = TestLog.keys(redis);
        SampleWorkflows.retried("wf-stats").appendTo(TestLog.log(redis));
        int p = keys.partitions().partitionOf("wf-stats");
        new ConsumerGroups(redis.connect()).create(keys.events(p), "monitor", StreamPosition.FIRST)
                .toCompletableFuture().join();

        Cli.Run run = Cli.on(redis, "stats");

        assertThat(run.code()).isZero();
        assertThat(run.lines().get(0)).startsWith("STREAM").contains("LENGTH", "MEMORY", "GROUP", "LAG", "PENDING",
                "OLDEST-IDLE");
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).matches("\\Q" + keys.events(p)
                + "\\E\\s+12\\s+[0-9.]+ (B|KiB)\\s+monitor\\s+12\\s+0\\s+0ms"));
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).matches("\\Q" + keys.commands(p)
                + "\\E\\s+-\\s+-\\s+\\(no stream\\)"));
        assertThat(run.lines()).hasSize(1 + 3 * Cli.PARTITIONS + 1 + 1);
        assertThat(run.lines().get(run.lines().size() - 1)).matches("redis used_memory_human [0-9.]+[KMG]?");
    }

    @Test
    void formatsSizes() {
        assertThat(StatsCommand.bytes(900)).isEqualTo("900 B");
        assertThat(StatsCommand.bytes(2048)).isEqualTo("2.0 KiB");
        assertThat(StatsCommand.usedMemoryHuman("# Memory\r\nused_memory:1\r\nused_memory_human:1.05M\r\n"))
                .isEqualTo("1.05M");
    }
}
