package io.gleitzeit.ops.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceCommandTest {

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

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void serviceHelpListsTheKinds() {
        Run r = run("service", "--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("functions", "python", "GLEITZEIT_HUB_URL", "GLEITZEIT_TOKEN");
    }

    @Test
    void repeatedAndCommaSeparatedHubsAreAllKeptInOrder() {
        FunctionsServiceCommand command = parse(new FunctionsServiceCommand(), "--hub", "http://a:8000,http://b:8000",
                "--hub", "http://c:8000", "--name", "fx", "--max-concurrent", "3", "--transport", "polling,websocket");
        ServiceOptions options = command.connection.toOptions("functions", 1).taskTypes(List.of("function")).build();
        assertThat(options.hubUrls()).containsExactly(URI.create("http://a:8000"), URI.create("http://b:8000"),
                URI.create("http://c:8000"));
        assertThat(options.name()).isEqualTo("fx");
        assertThat(options.maxConcurrent()).isEqualTo(3);
        assertThat(options.transports()).containsExactly(Transport.POLLING, Transport.WEBSOCKET);
    }

    @Test
    void theKindsDefaultsApplyWhenNothingIsGiven() {
        ServiceConnection connection = parse(new FunctionsServiceCommand()).connection;
        assertThat(connection.name("functions")).isEqualTo("functions");
        assertThat(connection.maxConcurrent(7)).isEqualTo(7);
        assertThat(connection.transports()).isEqualTo(ServiceOptions.DEFAULT_TRANSPORTS);
    }

    @Test
    void aHubThatIsNotAnHttpUrlNamesTheOption() {
        Run r = run("service", "functions", "--hub", "redis://x:1");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--hub: 'redis://x:1' must be an http(s) URL with a host");
    }

    @Test
    void anUnknownTransportNamesTheOption() {
        Run r = run("service", "functions", "--transport", "carrier-pigeon");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--transport: 'carrier-pigeon' is not one of websocket, polling");
    }

    @Test
    void listPrintsTheBuiltInCatalogue() {
        Run r = run("service", "functions", "--list");
        assertThat(r.exit).isZero();
        assertThat(r.out.lines()).contains("gcd", "word_frequency");
    }

    @Test
    void aClassWithoutItsJarIsAUsageError() {
        Run r = run("service", "functions", "--class", "com.acme.Fns");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--class needs the --jar that holds it");
    }

    @Test
    void aClassMissingFromTheJarIsNamed() {
        Path classes = Path.of("target", "test-classes");
        Run r = run("service", "functions", "--jar", classes.toString(), "--class", "com.acme.Missing", "--list");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--class: com.acme.Missing is not in");
    }

    @Test
    void pythonFindsTheSdkOfThisCheckoutAndPassesTheConnectionAsFlags() {
        PythonServiceCommand command = parse(new PythonServiceCommand(), "text_tools", "--hub", "http://h:1",
                "--name", "py", "--max-concurrent", "2", "--token", "secret");
        assertThat(command.sdkDirectory()).hasValueSatisfying(dir ->
                assertThat(dir.resolve("gleitzeit_sdk").resolve("run.py")).exists());
        ServiceOptions options = command.connection.toOptions("python-functions", 4)
                .taskTypes(List.of("python_execution")).build();
        assertThat(command.command(options)).containsExactly("python3", "-m", "gleitzeit_sdk.run", "--name", "py",
                "--max-concurrent", "2", "--heartbeat-interval", "10", "--hub", "http://h:1", "--transport",
                "websocket", "--module", "text_tools")
                .doesNotContain("secret");
    }

    @Test
    void theHeartbeatIntervalReachesTheJavaAndPythonServicesAndMustBePositive() {
        FunctionsServiceCommand functions = parse(new FunctionsServiceCommand(), "--heartbeat-interval", "0.5");
        assertThat(functions.connection.toOptions("functions", 1).taskTypes(List.of("function")).build()
                .heartbeatInterval())
                .isEqualTo(java.time.Duration.ofMillis(500));
        PythonServiceCommand python = parse(new PythonServiceCommand(), "m", "--heartbeat-interval", "2.25");
        ServiceOptions options = python.connection.toOptions("python-functions", 4)
                .taskTypes(List.of("python_execution")).build();
        assertThat(python.command(options)).containsSubsequence("--heartbeat-interval", "2.25");
        for (String kind : List.of("functions", "python", "llm", "openai", "anthropic", "gemini", "custom", "http",
                "sql")) {
            assertThat(run("service", kind, "--help").out).as(kind).contains("--heartbeat-interval");
        }
        assertThat(run("service", "functions", "--heartbeat-interval", "-1").err)
                .contains("--heartbeat-interval must be a positive number of seconds, was -1.0");
    }

    @Test
    void pythonWithoutModulesIsAUsageError() {
        Run r = run("service", "python");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("MODULE");
    }
}
