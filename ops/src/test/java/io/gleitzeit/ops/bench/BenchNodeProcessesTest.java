package io.gleitzeit.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.ops.cli.CliRun;
import io.gleitzeit.testing.redis.LocalRedisCluster;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of {@code gleitzeit bench --node-processes} with a tiny workload (the benchmark itself stays out of
 * the test suite): two {@code gleitzeit orchestrator} processes on a real Redis Cluster, so the node's command line
 * takes a {@code redis-cluster://} URL and the bench counts commands and CPU over every node of the cluster.
 */
class BenchNodeProcessesTest {

    @Test
    void twoNodeProcessesOnARedisClusterFinishTheWorkloadAndEachReportsItsCpu(@TempDir Path work) {
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3)) {
            CliRun run = CliRun.of("bench", "--workload", "diamond", "--workflows", "6", "--nodes", "2",
                    "--node-processes", "--redis", cluster.uri(), "--work-dir", work.toString());

            String report = run.out() + run.err();
            assertThat(run.exit()).as(report).isZero();
            assertThat(report).contains("2 node(s) as separate processes", "workflows: 6 (0 not completed)",
                    "tasks: 24");
            assertThat(report).containsPattern("node-1 \\(pid \\d+\\) +[0-9.]+ s")
                    .containsPattern("node-2 \\(pid \\d+\\) +[0-9.]+ s")
                    .containsPattern("bench: clients, services \\(pid \\d+\\)")
                    .containsPattern("redis-server \\(6 nodes\\) +[0-9.]+ s")
                    .containsPattern("machine: \\d+ cores");
            assertThat(number(report, "redis commands: (\\d+) total")).isPositive();
            assertThat(number(report, "xadd ([0-9.]+)")).isPositive();
            assertThat(work.resolve("node-1.log")).content().contains("running: hub on");
            for (int primary : cluster.primaries()) {
                assertThat(cluster.cli(primary, "--scan", "--pattern", "gzbench:*").strip())
                        .as("bench keys left on " + primary).isEmpty();
            }
        }
    }

    @Test
    void theMachineCountersReadBusyAndTotalTicks() {
        MachineCpu before = MachineCpu.parse("cpu  100 0 50 800 50 0 0 0 0 0");
        MachineCpu after = MachineCpu.parse("cpu  250 0 100 900 50 0 0 0 0 0");

        assertThat(before).isEqualTo(new MachineCpu(150, 1000));
        assertThat(after.busyCoresSince(before, 2)).isEqualTo(2 * 200 / 300.0);
    }

    private static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
