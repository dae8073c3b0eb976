package io.gleitzeit.services.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.protocol.ServiceType;
import io.gleitzeit.services.sdk.ServiceDefinition;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TaskContext;
import io.gleitzeit.services.sdk.TaskFailedException;
import io.gleitzeit.services.sdk.TaskFault;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQL service: runs {@code "type": "sql"} tasks ({@code external_task_type} {@code database_operations}) against
 * the named data sources its operator configured, over JDBC with a HikariCP pool per data source.
 *
 * <p>A task's parameters are {@code query} (one statement), {@code params} (an object for {@code :name} markers, an
 * array for {@code ?}), {@code datasource} (the default when absent) and {@code max_rows}. Values are only ever bound
 * as parameters. Each task runs in its own transaction, committed when it succeeds. The result of a statement that
 * returns rows is {@code {columns, rows, row_count, truncated}} (see {@link RowReader}); of any other
 * {@code {update_count}}.
 *
 * <pre>{@code
 * try (SqlService sql = SqlService.start(options);
 *      var client = sql.newClient(ServiceOptions.newBuilder().name("sql").hubUrl("http://localhost:8000"))) {
 *     client.start();
 *     client.awaitClose();
 * }
 * }</pre>
 */
public final class SqlService implements ServiceDefinition, AutoCloseable {
    /** The handler name SQL tasks carry in {@code external_task_type}. */
    public static final String DATABASE_OPERATIONS = "database_operations";
    /** Also accepted, for hubs that send the document type. */
    public static final String SQL = "sql";

    private final SqlServiceOptions options;
    private final DataSourcePools pools;
    private final RowReader rows;

    private SqlService(SqlServiceOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.pools = new DataSourcePools(options);
        this.rows = new RowReader(GleitzeitJson.newMapper());
    }

    /** Creates the pools (without connecting yet); close the service to close them. */
    public static SqlService start(SqlServiceOptions options) {
        return new SqlService(options);
    }

    public SqlServiceOptions options() {
        return options;
    }

    /** Completes service options for this service: type {@code sql} and its task types. */
    @Override
    public ServiceOptions.Builder configure(ServiceOptions.Builder serviceOptions) {
        return serviceOptions.serviceType(ServiceType.SQL).taskTypes(List.of(DATABASE_OPERATIONS, SQL));
    }


    @Override
    public Object handle(TaskContext context) throws Exception {
        SqlTask task = SqlTask.from(context.parameters(), options);
        DataSourcePools.Pool pool = pools.find(task.dataSource()).orElseThrow(() ->
                TaskFailedException.nonRetryable("unknown_datasource", "datasource: '" + task.dataSource()
                        + "' is not a data source of this service (it has " + String.join(", ",
                        options.dataSources().keySet()) + ")"));
        try {
            return run(task, pool, context.deadline().orElse(null));
        } catch (SQLException e) {
            // the driver's exception stays behind: its message and causes may name the URL or the login
            throw SqlFailures.of(e, task.dataSource(), pool.redactor());
        }
    }

    private ObjectNode run(SqlTask task, DataSourcePools.Pool pool, Instant deadline) throws SQLException {
        try (Connection connection = pool.dataSource().getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(task.query().jdbcSql())) {
                statement.setQueryTimeout(timeoutSeconds(deadline));
                // one more than allowed, to tell a result that fits from one that was cut
                statement.setMaxRows(task.maxRows() + 1);
                task.parameters().bind(statement);
                ObjectNode result;
                if (statement.execute()) {
                    try (var resultSet = statement.getResultSet()) {
                        result = rows.read(resultSet, task.maxRows());
                    }
                } else {
                    result = rows.updateCount(statement.getLargeUpdateCount());
                }
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /** The statement timeout in whole seconds (JDBC's unit), shortened to what is left before the deadline. */
    private int timeoutSeconds(Instant deadline) {
        Duration limit = options.statementTimeout();
        if (deadline != null) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.compareTo(limit) < 0) {
                limit = left;
            }
        }
        if (limit.isNegative() || limit.isZero()) {
            throw TaskFailedException.of(TaskFault.timeout("the task's deadline passed before its statement ran"),
                    null);
        }
        long seconds = limit.toSeconds() + (limit.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    /**
     * Takes one connection from every data source and checks it, in configuration order; the failures say why as
     * a task failure would, without URL or credentials. Each waits at most the connection timeout.
     */
    public List<DataSourceCheck> check() {
        List<DataSourceCheck> checks = new java.util.ArrayList<>();
        for (DataSourceConfig config : options.dataSources().values()) {
            DataSourcePools.Pool pool = pools.find(config.name()).orElseThrow();
            Optional<String> problem;
            try (Connection connection = pool.dataSource().getConnection()) {
                int seconds = (int) Math.max(1, options.connectionTimeout().toSeconds());
                problem = connection.isValid(seconds) ? Optional.empty()
                        : Optional.of("the connection did not answer within " + seconds + " s");
                connection.rollback();
            } catch (SQLException e) {
                problem = Optional.of(SqlFailures.of(e, config.name(), pool.redactor()).getMessage());
            }
            checks.add(new DataSourceCheck(config.name(), config.readOnly(), problem));
        }
        return checks;
    }

    @Override
    public void close() {
        pools.close();
    }

    /** A task's parameters, read and checked before any connection is taken. */
    private record SqlTask(ParsedQuery query, Parameters parameters, String dataSource, int maxRows) {
        static SqlTask from(JsonNode p, SqlServiceOptions options) {
            JsonNode queryNode = p.get("query");
            if (queryNode == null || !queryNode.isTextual() || queryNode.textValue().isBlank()) {
                throw invalid("query: is required: one SQL statement, with :name or ? markers for values");
            }
            ParsedQuery query;
            try {
                query = ParsedQuery.parse(queryNode.textValue());
            } catch (IllegalArgumentException e) {
                throw invalid("query: " + e.getMessage());
            }
            Parameters parameters;
            try {
                parameters = Parameters.match(query, p.get("params"));
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
            JsonNode dataSourceNode = p.get("datasource");
            String dataSource;
            if (dataSourceNode == null || dataSourceNode.isNull()) {
                dataSource = options.defaultDataSource();
                if (dataSource == null) {
                    throw invalid("datasource: is required, as this service has several data sources and no"
                            + " default: " + String.join(", ", options.dataSources().keySet()));
                }
            } else if (!dataSourceNode.isTextual()) {
                throw invalid("datasource: must be the name of a data source, was " + dataSourceNode);
            } else {
                dataSource = dataSourceNode.textValue();
            }
            int maxRows = options.maxRows();
            JsonNode maxRowsNode = p.get("max_rows");
            if (maxRowsNode != null && !maxRowsNode.isNull()) {
                if (!maxRowsNode.canConvertToInt() || !maxRowsNode.isIntegralNumber() || maxRowsNode.intValue() < 1) {
                    throw invalid("max_rows: must be a whole number of at least 1, was " + maxRowsNode);
                }
                maxRows = Math.min(maxRows, maxRowsNode.intValue());
            }
            return new SqlTask(query, parameters, dataSource, maxRows);
        }

        private static TaskFailedException invalid(String message) {
            return TaskFailedException.nonRetryable(TaskFault.INVALID_ARGUMENT, "invalid sql task: " + message);
        }
    }
}
