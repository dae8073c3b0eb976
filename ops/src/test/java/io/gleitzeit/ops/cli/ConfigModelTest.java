package io.gleitzeit.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.ops.cli.service.ServiceConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The configuration model: file, then environment, then flags; validated with errors naming the key. */
class ConfigModelTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path path = dir.resolve("gleitzeit.properties");
        Files.write(path, java.util.List.of(lines));
        return path;
    }

    private static OrchestratorCommand orchestrator(Map<String, String> env, String... args) {
        CommandLine cli = GleitzeitCli.commandLine(env, args);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (OrchestratorCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path config = file("port=9100", "http-port=9101", "orchestrator.shutdown-timeout=7", "prefix=file:");

        OrchestratorCommand fromFile = orchestrator(Map.of(), "orchestrator", "--config", config.toString());
        assertThat(fromFile.port).isEqualTo(9100);
        assertThat(fromFile.httpPort).isEqualTo(9101);
        assertThat(fromFile.shutdownTimeoutSeconds).isEqualTo(7);
        assertThat(fromFile.redis.prefix).isEqualTo("file:");

        OrchestratorCommand fromEnv = orchestrator(Map.of("GLEITZEIT_PORT", "9200",
                "GLEITZEIT_ORCHESTRATOR_SHUTDOWN_TIMEOUT", "9", "GLEITZEIT_KEY_PREFIX", "env:"),
                "orchestrator", "--config=" + config);
        assertThat(fromEnv.port).isEqualTo(9200);
        assertThat(fromEnv.httpPort).isEqualTo(9101);
        assertThat(fromEnv.shutdownTimeoutSeconds).isEqualTo(9);
        assertThat(fromEnv.redis.prefix).isEqualTo("env:");

        OrchestratorCommand fromFlag = orchestrator(Map.of("GLEITZEIT_PORT", "9200"),
                "orchestrator", "--config", config.toString(), "--port", "9300");
        assertThat(fromFlag.port).isEqualTo(9300);
    }

    @Test
    void theFileIsFoundThroughGleitzeitConfigAndBuiltInDefaultsFillTheRest() throws IOException {
        Path config = file("http-port=9401");
        OrchestratorCommand command = orchestrator(Map.of("GLEITZEIT_CONFIG", config.toString()), "orchestrator");
        assertThat(command.httpPort).isEqualTo(9401);
        assertThat(command.heartbeatTimeoutSeconds).isEqualTo(30);
    }

    @Test
    void serviceSectionsApplyToTheServicesBelowThem() throws IOException {
        Path config = file("service.hub=http://a:8000,http://b:8000", "service.functions.max-concurrent=3");
        CommandLine cli = GleitzeitCli.commandLine(Map.of(), "service", "functions", "--config", config.toString());
        CommandLine.ParseResult parsed = cli.parseArgs("service", "functions", "--config", config.toString());
        Object functions = parsed.subcommand().subcommand().commandSpec().userObject();
        ServiceConnection connection = connectionOf(functions);
        assertThat(connection.hubUrls()).containsExactly("http://a:8000", "http://b:8000");
        assertThat(connection.maxConcurrent(1)).isEqualTo(3);
    }

    private static ServiceConnection connectionOf(Object command) {
        try {
            java.lang.reflect.Field field = command.getClass().getDeclaredField("connection");
            field.setAccessible(true);
            return (ServiceConnection) field.get(command);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnknownKeyOrAWrongValueStopsTheProcessNamingTheKey() throws IOException {
        Path unknown = file("orchestrator.prot=9000");
        assertThatThrownBy(() -> orchestrator(Map.of(), "orchestrator", "--config", unknown.toString()))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("orchestrator.prot: no command in 'orchestrator' has an option --prot");

        Path wrong = file("http-port=eighty");
        CliRun run = CliRun.of("orchestrator", "--config", wrong.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("http-port: 'eighty' is not a int");

        CliRun missing = CliRun.of("up", "--config", dir.resolve("absent.properties").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.properties: no such file");
    }

    @Test
    void configCheckPrintsTheEffectiveConfigurationWithSecretsRedacted() throws IOException {
        Path config = file("redis=redis://:hunter2@10.0.0.5:6379", "service.token=s3cret", "orchestrator.port=8100");
        CommandLine cli = GleitzeitCli.commandLine(Map.of());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("config", "check", config.toString());
        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("orchestrator.port=8100  # file orchestrator.port")
                .contains("orchestrator.redis=redis://:******@10.0.0.5:6379  # file redis")
                .contains("service.functions.token=******  # file service.token")
                .doesNotContain("hunter2", "s3cret");
    }

    @Test
    void configCheckExitsTwoListingEveryBadKey() throws IOException {
        Path config = file("orchestrator.heartbeat-timeout=soon", "nosuch.port=1", "colour=blue");
        CliRun run = CliRun.of("config", "check", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("orchestrator.heartbeat-timeout: 'soon' is not a long")
                .contains("nosuch.port: unknown section 'nosuch'")
                .contains("colour: no command has an option --colour");
    }

    @Test
    void configCheckAcceptsClusterAndSentinelUrlsAndNamesABadOneWithoutItsPassword() throws IOException {
        Path good = file("redis=redis-cluster://:hunter2@10.0.0.1:7000,10.0.0.2:7000",
                "up.redis=redis-sentinel://10.0.0.3:26379,10.0.0.4:26379#gleitzeit");
        CliRun ok = CliRun.of("config", "check", good.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("orchestrator.redis=redis-cluster://:******@10.0.0.1:7000,10.0.0.2:7000")
                .doesNotContain("hunter2");

        Path bad = file("redis=redis-cluster://:hunter2@10.0.0.1:7000/2", "orchestrator.redis=10.0.0.1:6379");
        CliRun run = CliRun.of("config", "check", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("redis: Redis Cluster URL takes only host:port seed nodes")
                .contains("orchestrator.redis: Redis URL has no scheme")
                .doesNotContain("hunter2");
    }
}
