package io.gleitzeit.services.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceFileTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("datasources.json"), json.replace('\'', '"'));
    }

    @Test
    void readsDataSourcesWithPasswordsFromTheEnvironmentOrAFile() throws IOException {
        Files.writeString(dir.resolve("orders.secret"), "file-pass\n");
        Path file = file("{'default': 'reports', 'datasources': {"
                + "'reports': {'url': 'jdbc:postgresql://db/reports', 'username': 'reader', 'password_env': 'R_PW',"
                + " 'read_only': true, 'max_pool_size': 2},"
                + "'orders': {'url': 'jdbc:postgresql://db/orders', 'username': 'app', 'password_file': 'orders.secret'}}}");

        DataSourceFile read = DataSourceFile.read(file, Map.of("R_PW", "env-pass"));

        assertThat(read.defaultDataSource()).isEqualTo("reports");
        assertThat(read.dataSources()).containsExactly(
                new DataSourceConfig("reports", "jdbc:postgresql://db/reports", "reader", "env-pass", true, 2),
                new DataSourceConfig("orders", "jdbc:postgresql://db/orders", "app", "file-pass", false, 4));
    }

    @Test
    void listsEveryProblemByPathWithoutThePassword() throws IOException {
        Path file = file("{'datasources': {"
                + "'a': {'url': 'jdbc:postgresql://db/a', 'password': 'p1', 'password_env': 'X', 'readonly': true},"
                + "'b': {'username': 'u', 'password_env': 'UNSET', 'read_only': 'yes'},"
                + "'c': {'url': 'jdbc:postgresql://db/c?password=leaked'}}}");

        assertThatThrownBy(() -> DataSourceFile.read(file, Map.of()))
                .hasMessageContaining("$.datasources.a.readonly: unknown field")
                .hasMessageContaining("$.datasources.a: give only one of password, password_env")
                .hasMessageContaining("$.datasources.b.url: is required")
                .hasMessageContaining("$.datasources.b.password_env: the environment variable UNSET is not set")
                .hasMessageContaining("$.datasources.b.read_only: must be true or false")
                .hasMessageContaining("$.datasources.c: data source c: url must not contain credentials")
                .message().doesNotContain("p1", "leaked");
    }
}
