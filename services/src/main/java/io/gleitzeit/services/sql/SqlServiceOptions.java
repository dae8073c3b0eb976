package io.gleitzeit.services.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SQL service's data sources and limits. Build with {@link #newBuilder()}; at least one data source is required,
 * everything else has a documented {@code DEFAULT_*}.
 *
 * <pre>{@code
 * SqlServiceOptions options = SqlServiceOptions.newBuilder()
 *         .dataSource(DataSourceConfig.of("reports", "jdbc:postgresql://db/reports", "reader", password)
 *                 .withReadOnly(true))
 *         .maxRows(500)
 *         .build();
 * }</pre>
 */
public final class SqlServiceOptions {
    public static final int DEFAULT_MAX_ROWS = 1000;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, DataSourceConfig> dataSources;
    private final String defaultDataSource;
    private final int maxRows;
    private final Duration statementTimeout;
    private final Duration connectionTimeout;

    private SqlServiceOptions(Builder b) {
        this.dataSources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.dataSources));
        this.defaultDataSource = b.defaultDataSource != null ? b.defaultDataSource
                : dataSources.size() == 1 ? dataSources.keySet().iterator().next() : null;
        this.maxRows = b.maxRows;
        this.statementTimeout = b.statementTimeout;
        this.connectionTimeout = b.connectionTimeout;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataSources.putAll(dataSources);
        b.defaultDataSource = defaultDataSource;
        b.maxRows = maxRows;
        b.statementTimeout = statementTimeout;
        b.connectionTimeout = connectionTimeout;
        return b;
    }

    /** By name, in the order they were added. */
    public Map<String, DataSourceConfig> dataSources() {
        return dataSources;
    }

    /** The data source of tasks that name none: the configured default, else the only one, else {@code null}. */
    public String defaultDataSource() {
        return defaultDataSource;
    }

    /** Rows returned at most; a task's {@code max_rows} can only lower it. */
    public int maxRows() {
        return maxRows;
    }

    /** How long one statement may run; a task's earlier deadline shortens it. */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** How long a task waits for a pooled connection. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** Collects options; {@link #build()} validates them and names the field of any problem. */
    public static final class Builder {
        private final Map<String, DataSourceConfig> dataSources = new LinkedHashMap<>();
        private String defaultDataSource;
        private int maxRows = DEFAULT_MAX_ROWS;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

        private Builder() {
        }

        /** Adds a data source; a second one with the same name is an error. */
        public Builder dataSource(DataSourceConfig dataSource) {
            Objects.requireNonNull(dataSource, "dataSource");
            if (dataSources.putIfAbsent(dataSource.name(), dataSource) != null) {
                throw new IllegalArgumentException("data source " + dataSource.name() + " is configured twice");
            }
            return this;
        }

        public Builder dataSources(List<DataSourceConfig> dataSources) {
            new ArrayList<>(dataSources).forEach(this::dataSource);
            return this;
        }

        public Builder defaultDataSource(String name) {
            this.defaultDataSource = name;
            return this;
        }

        public Builder maxRows(int maxRows) {
            this.maxRows = maxRows;
            return this;
        }

        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        public SqlServiceOptions build() {
            if (dataSources.isEmpty()) {
                throw new IllegalArgumentException("dataSources must name at least one data source");
            }
            if (defaultDataSource != null && !dataSources.containsKey(defaultDataSource)) {
                throw new IllegalArgumentException("defaultDataSource '" + defaultDataSource
                        + "' is not a configured data source (" + String.join(", ", dataSources.keySet()) + ")");
            }
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
            }
            Objects.requireNonNull(statementTimeout, "statementTimeout");
            if (statementTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("statementTimeout must be at least 1 second (JDBC counts whole"
                        + " seconds), was " + statementTimeout);
            }
            Objects.requireNonNull(connectionTimeout, "connectionTimeout");
            if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms (the pool's minimum),"
                        + " was " + connectionTimeout);
            }
            return new SqlServiceOptions(this);
        }
    }
}
