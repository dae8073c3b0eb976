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
        assertThat(r.out).contains("orchestrator", "monitor", "bench", "replay", "GLEITZEIT_REDIS_URL");
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
    void benchPathsAndFullPathShapesAreValidatedBeforeAnythingStarts() {
        Run path = run("bench", "--path", "sideways");
        assertThat(path.exit).isEqualTo(2);
        assertThat(path.err).contains("--path").contains("FULL", "CORE");
        Run nodes = run("bench", "--nodes", "0");
        assertThat(nodes.exit).isEqualTo(2);
        assertThat(nodes.err).contains("--nodes must be within 1..8, was 0");
        Run services = run("bench", "--services", "65");
        assertThat(services.err).contains("--services must be within 1..64, was 65");
    }

    @Test
    void helpListsTheClientAndAllInOneCommands() {
        Run r = run("--help");
        assertThat(r.out).contains("up", "demo", "submit", "status", "cancel", "list", "service");
        assertThat(run("submit", "--help").out).contains("--follow", "--wait", "--json", "GLEITZEIT_HUB_URL",
                "Exit code");
    }

    @Test
    void upRefusesBadOptionsBeforeStartingAnything() {
        Run port = run("up", "--port", "70000");
        assertThat(port.exit).isEqualTo(2);
        assertThat(port.err).contains("--port must be within 0..65535");
        Run workers = run("up", "--workers", "0");
        assertThat(workers.err).contains("--workers must be at least 1");
        Run ollama = run("up", "--ollama-endpoint", "no-url-here");
        assertThat(ollama.exit).isEqualTo(2);
        assertThat(ollama.err).contains("--ollama-endpoint 'no-url-here' must start with name=url");
    }

    @Test
    void aMalformedRedisUrlNamesTheOption() {
        Run r = run("orchestrator", "--redis", "http://not-redis");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).startsWith("gleitzeit orchestrator: --redis: not a Redis URL: http://not-redis")
                .doesNotContain("at io.gleitzeit");
    }

    @Test
    void aPortOutOfRangeIsRefusedNamingTheOption() {
        Run r = run("orchestrator", "--port", "70000");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--port must be between 0 and 65535, was 70000");
    }

    @Test
    void payloadSizeOptionsAreValidatedNamingTheOption() {
        assertThat(run("orchestrator", "--inline-limit", "100").err)
                .contains("--inline-limit must be at least 1024 bytes, was 100");
        assertThat(run("orchestrator", "--max-result-bytes", "1000").err)
                .contains("--max-result-bytes must be at least --inline-limit (262144)");
        assertThat(run("orchestrator", "--max-event-bytes", "8000000").err)
                .contains("--max-event-bytes must not exceed the frame limit of 4259840 bytes");
        Run up = run("up", "--inline-limit", "10");
        assertThat(up.exit).isEqualTo(2);
        assertThat(up.err).contains("--inline-limit must be at least 1024, was 10");
    }

    @Test
    void tlsOptionsGoTogetherAndNameTheMissingOrUnreadableFile() {
        assertThat(run("orchestrator", "--tls-cert", "pom.xml").err)
                .contains("--tls-cert and --tls-key go together; --tls-key is missing");
        assertThat(run("orchestrator", "--tls-cert", "no-such.pem", "--tls-key", "pom.xml").err)
                .contains("--tls-cert must be a readable file, was no-such.pem");
        assertThat(run("orchestrator", "--tls-key-password", "x").err)
                .contains("--tls-key-password needs --tls-cert and --tls-key");
    }

    @Test
    void theOrchestratorHelpShowsTheHubOptions() {
        Run r = run("orchestrator", "--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("--port", "GLEITZEIT_PORT", "--host", "--heartbeat-timeout", "--disconnect-grace");
    }

    @Test
    void aRedisClusterThatDoesNotAnswerStopsTheNodeWithoutItsPassword() {
        Run r = run("orchestrator", "--redis", "redis-cluster://:hunter2@127.0.0.1:1,127.0.0.1:2", "--port", "0",
                "--http-port", "0");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("Unable to establish a connection to Redis Cluster").doesNotContain("hunter2");
    }

    @Test
    void aClusterUrlWithoutSeedNodesIsRefusedWithoutItsPassword() {
        Run r = run("orchestrator", "--redis", "redis-cluster://:hunter2@h:7000,");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).startsWith("gleitzeit orchestrator: --redis: Redis Cluster URL has an empty seed node: "
                + "redis-cluster://:***@h:7000,").doesNotContain("hunter2");
    }

    @Test
    void nodeProcessesAreRefusedOnTheCorePathWhichHasNoNodes() {
        Run r = run("bench", "--path", "core", "--node-processes");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--node-processes: only path full has nodes");
    }

    @Test
    void theBenchNamesABadRedisUrlWithoutItsPassword() {
        Run r = run("bench", "--redis", "redis-cluster://:hunter2@h:7000/1");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--redis: Redis Cluster URL takes only host:port seed nodes")
                .doesNotContain("hunter2");
    }
}
