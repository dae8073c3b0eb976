package io.gleitzeit.ops.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.ops.cli.CliRun;
import io.gleitzeit.services.sql.DataSourceConfig;
import io.gleitzeit.services.sql.SqlServiceOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SqlServiceCommandTest {
    @TempDir
    Path dir;

    private static SqlServiceCommand parse(Map<String, String> environment, String... args) {
        SqlServiceCommand command = new SqlServiceCommand();
        new CommandLine(command).parseArgs(args);
        command.environment = environment;
        return command;
    }

    @Test
    void dataSourcesComeFromTheFileTheEnvironmentAndTheFlagsTogether() throws IOException {
        Path file = Files.writeString(dir.resolve("ds.json"), "{\"default\": \"reports\", \"datasources\": {\"reports\":"
                + " {\"url\": \"jdbc:postgresql://db/reports\", \"username\": \"reader\", \"password_env\": \"R_PW\"}}}");
        Path secret = Files.writeString(dir.resolve("orders.pw"), "o-pw\n");

        SqlServiceOptions options = parse(Map.of("R_PW", "r-pw", "GLEITZEIT_SQL_LOGS_URL", "jdbc:postgresql://db/logs",
                        "O_PW", "unused"),
                "--datasources-file", file.toString(), "--datasource", "orders=jdbc:postgresql://db/orders",
                "--datasource-user", "orders=app", "--datasource-password-file", "orders=" + secret,
                "--read-only", "reports,logs", "--max-rows", "50", "--statement-timeout", "5").options();

        assertThat(options.dataSources().values()).containsExactly(
                new DataSourceConfig("reports", "jdbc:postgresql://db/reports", "reader", "r-pw", true, 4),
                new DataSourceConfig("logs", "jdbc:postgresql://db/logs", null, null, true, 4),
                new DataSourceConfig("orders", "jdbc:postgresql://db/orders", "app", "o-pw", false, 4));
        assertThat(options.defaultDataSource()).isEqualTo("reports");
        assertThat(options.maxRows()).isEqualTo(50);
        assertThat(options.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> parse(Map.of()).options()).hasMessageContaining("no data source");
        assertThatThrownBy(() -> parse(Map.of(), "--datasource", "a=jdbc:postgresql://db/a",
                "--datasource-user", "b=u").options()).hasMessage("--datasource-user: no --datasource named b");
        assertThatThrownBy(() -> parse(Map.of(), "--datasource", "a=jdbc:postgresql://db/a", "--read-only", "z")
                .options()).hasMessage("--read-only: no data source named z");
        assertThatThrownBy(() -> parse(Map.of(), "--datasource", "a=jdbc:postgresql://db/a",
                "--datasource-password-env", "a=NOPE").options())
                .hasMessage("--datasource-password-env: the environment variable NOPE (for a) is not set");
        assertThatThrownBy(() -> parse(Map.of(), "--datasource", "a=jdbc:postgresql://u:pw@db/a").options())
                .hasMessage("--datasource: data source a: url must not contain credentials; give the password"
                        + " separately");
        assertThatThrownBy(() -> parse(Map.of("GLEITZEIT_SQL_A_URL", "jdbc:postgresql://db/x"),
                "--datasource", "a=jdbc:postgresql://db/a").options()).hasMessage("data source a is configured twice");
    }

    @Test
    void checkSaysWhichDataSourceDoesNotAnswerWithoutItsAddressOrLogin() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        CliRun r = CliRun.of("service", "sql", "--datasource", "down=jdbc:postgresql://127.0.0.1:" + closed + "/x",
                "--datasource-user", "down=ghost_user", "--connection-timeout", "0.5", "--check");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("down: FAILED: SQLState 08001 on data source down:")
                .doesNotContain(String.valueOf(closed), "ghost_user");
    }
}
