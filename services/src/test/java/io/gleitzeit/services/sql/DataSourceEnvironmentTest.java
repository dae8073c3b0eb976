package io.gleitzeit.services.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSourceEnvironmentTest {

    @Test
    void eachUrlVariableDeclaresADataSourceWithItsCompanions() {
        var configs = DataSourceEnvironment.read(Map.of(
                "GLEITZEIT_SQL_SALES_DB_URL", "jdbc:postgresql://db/sales",
                "GLEITZEIT_SQL_SALES_DB_USER", "seller",
                "GLEITZEIT_SQL_SALES_DB_PASSWORD", "pw",
                "GLEITZEIT_SQL_SALES_DB_READ_ONLY", "TRUE",
                "GLEITZEIT_SQL_SALES_DB_POOL_SIZE", "8",
                "GLEITZEIT_SQL_LOGS_URL", "jdbc:postgresql://db/logs",
                "PATH", "/usr/bin"));

        assertThat(configs).containsExactly(
                new DataSourceConfig("logs", "jdbc:postgresql://db/logs", null, null, false, 4),
                new DataSourceConfig("sales_db", "jdbc:postgresql://db/sales", "seller", "pw", true, 8));
    }

    @Test
    void aBadFlagNamesItsVariable() {
        assertThatThrownBy(() -> DataSourceEnvironment.read(Map.of("GLEITZEIT_SQL_X_URL", "jdbc:postgresql://db/x",
                "GLEITZEIT_SQL_X_READ_ONLY", "maybe"))).hasMessage("GLEITZEIT_SQL_X_READ_ONLY must be true or false");
    }
}
