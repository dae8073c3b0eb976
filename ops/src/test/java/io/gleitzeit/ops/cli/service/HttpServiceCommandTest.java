package io.gleitzeit.ops.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.ops.cli.CliRun;
import io.gleitzeit.services.http.HttpServiceOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HttpServiceCommandTest {

    private static HttpServiceCommand parse(Map<String, String> environment, String... args) {
        HttpServiceCommand command = new HttpServiceCommand();
        new CommandLine(command).parseArgs(args);
        command.environment = environment;
        return command;
    }

    @Test
    void serviceHelpListsHttpAndSql() {
        CliRun r = CliRun.of("service", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("http", "sql");
    }

    @Test
    void theFlagsBecomeTheServiceOptions() {
        HttpServiceOptions options = parse(Map.of(), "--allow-host", "api.example.org,*.partner.example.com",
                "--allow-host", "127.0.0.1:8080", "--request-timeout", "2.5", "--max-response-bytes", "1024",
                "--max-attempts", "1", "--max-redirects", "0").options();

        assertThat(options.allowedHosts().entries()).containsExactly("api.example.org", "*.partner.example.com",
                "127.0.0.1:8080");
        assertThat(options.allowedHosts().permits(URI.create("https://x.partner.example.com/"))).isTrue();
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(options.maxResponseBytes()).isEqualTo(1024);
        assertThat(options.maxAttempts()).isEqualTo(1);
        assertThat(options.maxRedirects()).isZero();
    }

    @Test
    void theAllowListCanComeFromTheEnvironment() {
        HttpServiceOptions options = parse(Map.of(HttpServiceCommand.ALLOWED_HOSTS_ENV, "a.example, b.example"))
                .options();

        assertThat(options.allowedHosts().entries()).containsExactly("a.example", "b.example");
    }

    @Test
    void withoutAnAllowListTheServiceDoesNotStart() {
        CliRun r = CliRun.of("service", "http", "--check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--allow-host is required");
    }

    @Test
    void aMalformedHostOrTimeNamesTheOption() {
        CliRun host = CliRun.of("service", "http", "--allow-host", "https://api.example.org/", "--check");
        CliRun time = CliRun.of("service", "http", "--allow-host", "a.example", "--request-timeout", "0", "--check");

        assertThat(host.exit()).isEqualTo(2);
        assertThat(host.err()).contains("--allow-host: allowed host 'https://api.example.org/' must be a host name");
        assertThat(time.exit()).isEqualTo(2);
        assertThat(time.err()).contains("--request-timeout must be a positive number of seconds, was 0.0");
    }

    @Test
    void checkPrintsTheConfiguration() {
        CliRun r = CliRun.of("service", "http", "--allow-host", "api.example.org", "--check");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("allowed hosts: api.example.org", "request timeout: 30.0 s",
                "max response bytes: 10485760, tries: 3");
    }
}
