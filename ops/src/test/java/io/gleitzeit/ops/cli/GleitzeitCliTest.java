package io.gleitzeit.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GleitzeitCliTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = GleitzeitCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("orchestrator", "bench", "replay", "GLEITZEIT_REDIS_URL");
    }

    @Test
    void theReplayToolIsReachableAsASubcommand() {
        Run r = run("replay", "--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("timeline", "verify", "export", "dlq");
    }

    @Test
    void anUnknownWorkloadIsAUsageErrorNamingTheChoices() {
        Run r = run("bench", "--workload", "spiral");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--workload").contains("FLAT", "DIAMOND", "CHAIN");
    }

    @Test
    void aReplicaCountOutOfRangeIsRefusedBeforeAnythingStarts() {
        Run r = run("bench", "--replicas", "0");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--replicas must be within 1..16");
    }

    @Test
    void aMalformedRedisUrlNamesTheOption() {
        Run r = run("orchestrator", "--redis", "http://not-redis");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).startsWith("gleitzeit orchestrator: --redis: not a Redis URL: http://not-redis")
                .doesNotContain("at io.gleitzeit");
    }

    @Test
    void aClusterUrlWithoutSeedNodesIsRefusedWithoutItsPassword() {
        Run r = run("orchestrator", "--redis", "redis-cluster://:hunter2@h:7000,");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).startsWith("gleitzeit orchestrator: --redis: Redis Cluster URL has an empty seed node: "
                + "redis-cluster://:***@h:7000,").doesNotContain("hunter2");
    }

    @Test
    void theBenchRefusesAClusterItCannotCountCommandsOf() {
        Run r = run("bench", "--redis", "redis-cluster://127.0.0.1:7000");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--redis: the bench measures one server");
    }
}
