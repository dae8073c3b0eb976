package io.gleitzeit.services.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataSourceConfigTest {

    @Test
    void itsTextNamesNeitherTheUrlNorTheCredentials() {
        DataSourceConfig config = DataSourceConfig.of("reports", "jdbc:postgresql://db.internal:5432/reports",
                "reader", "s3cret").withReadOnly(true);

        assertThat(config.toString()).isEqualTo("DataSourceConfig[reports, read-only, pool 4]");
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThatThrownBy(() -> DataSourceConfig.of("a", "jdbc:postgresql://db/x?user=u&password=p", null, null))
                .hasMessage("data source a: url must not contain credentials; give the password separately");
        assertThatThrownBy(() -> DataSourceConfig.of("a", "jdbc:mysql://u:p@db/x", null, null))
                .hasMessageContaining("must not contain credentials");
    }

    @Test
    void namesAndUrlsAreChecked() {
        assertThatThrownBy(() -> DataSourceConfig.of("a b", "jdbc:postgresql://db/x", null, null))
                .hasMessageContaining("data source name 'a b'");
        assertThatThrownBy(() -> DataSourceConfig.of("a", "postgresql://db/x", null, null))
                .hasMessage("data source a: url must be a JDBC URL (jdbc:…)");
    }
}
