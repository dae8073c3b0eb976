package io.gleitzeit.services.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HikariCP pool per configured data source. Pools start without connecting (a database that is down at start-up
 * fails the tasks that need it, retryably, instead of the service), hand out connections with auto-commit off, and
 * read-only where configured, so that every task runs in one transaction the database itself keeps read-only.
 */
final class DataSourcePools implements AutoCloseable {
    /** A pool and what it may reveal. */
    record Pool(DataSourceConfig config, HikariDataSource dataSource, Redactor redactor) {
    }

    private final Map<String, Pool> pools = new LinkedHashMap<>();

    DataSourcePools(SqlServiceOptions options) {
        for (DataSourceConfig config : options.dataSources().values()) {
            pools.put(config.name(), new Pool(config, new HikariDataSource(hikari(config, options)),
                    Redactor.of(config)));
        }
    }

    Optional<Pool> find(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    private static HikariConfig hikari(DataSourceConfig config, SqlServiceOptions options) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("gleitzeit-sql-" + config.name());
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(0);
        hikari.setAutoCommit(false);
        hikari.setReadOnly(config.readOnly());
        hikari.setConnectionTimeout(options.connectionTimeout().toMillis());
        hikari.setInitializationFailTimeout(-1);
        if (config.jdbcUrl().startsWith("jdbc:postgresql:")) {
            // Strings are sent untyped, so the server casts '2024-01-31' to a date or '{"a":1}' to jsonb as the
            // statement needs, exactly as a literal would be.
            hikari.addDataSourceProperty("stringtype", "unspecified");
            hikari.addDataSourceProperty("ApplicationName", "gleitzeit-sql");
        }
        return hikari;
    }

    @Override
    public void close() {
        pools.values().forEach(pool -> pool.dataSource().close());
    }
}
