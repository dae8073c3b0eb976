package io.gleitzeit.services.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.services.ServiceHarness;
import io.gleitzeit.services.sdk.TestHub;
import io.gleitzeit.testing.postgres.PostgresTest;
import io.gleitzeit.testing.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SQL service end to end: a real hub assigns {@code database_operations} tasks over a real socket, and the service
 * runs them on a real PostgreSQL (a throwaway cluster with password authentication).
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlServiceTest {
    private static final int MAX_ROWS = 5;

    private final ObjectMapper json = new ObjectMapper();
    private TestPostgres postgres;
    private String database;
    private SqlService service;
    private ServiceHarness harness;
    private int closedPort;

    @BeforeAll
    void start(TestPostgres postgres) throws SQLException {
        this.postgres = postgres;
        database = postgres.createDatabase("sql_service");
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, amount numeric(12,2),"
                    + " paid boolean, placed date, placed_at timestamp, updated_at timestamptz, ref uuid, meta jsonb,"
                    + " tags text[], scores int[], ratio double precision, blob bytea, note text)");
            s.execute("INSERT INTO orders VALUES"
                    + " (1, 'acme', 19.99, true, '2024-01-31', '2024-01-31 10:15:30', '2024-01-31 10:15:30+01',"
                    + "  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"priority\": 2, \"gift\": false}',"
                    + "  ARRAY['red','blue'], ARRAY[3,4], 0.25, '\\x0102ff', NULL),"
                    + " (2, 'acme', 5.00, false, '2024-02-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                    + " (3, 'globex', 120.50, true, '2024-01-31', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
            s.execute("CREATE TABLE audit (id serial PRIMARY KEY, note text UNIQUE)");
            s.execute("CREATE ROLE app_reader LOGIN PASSWORD 'right-pass'");
        }
        closedPort = TestHub.freePort();
        String url = postgres.jdbcUrl(database);
        service = SqlService.start(SqlServiceOptions.newBuilder()
                .dataSource(DataSourceConfig.of("main", url, postgres.user(), postgres.password()))
                .dataSource(DataSourceConfig.of("reports", url, postgres.user(), postgres.password())
                        .withReadOnly(true))
                .dataSource(DataSourceConfig.of("wrongpass", url, "app_reader", "wrong-hunter2"))
                .dataSource(DataSourceConfig.of("down", "jdbc:postgresql://127.0.0.1:" + closedPort + "/x",
                        "ghost_user", "ghost-secret"))
                .defaultDataSource("main").maxRows(MAX_ROWS).statementTimeout(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(1)).build());
        harness = ServiceHarness.start("sql", service::newClient);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** Assigns a task with these parameters: query, then alternating names and values. */
    private String task(String query, Object... more) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("query", query);
        for (int i = 0; i < more.length; i += 2) {
            parameters.put((String) more[i], more[i + 1]);
        }
        try {
            return harness.assign(SqlService.DATABASE_OPERATIONS, json.writeValueAsString(parameters));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private long count(String table) throws SQLException {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void registersAsAnSqlServiceForDatabaseOperations() {
        JsonNode registration = harness.registration();

        assertThat(registration.get("service_type").asText()).isEqualTo("sql");
        assertThat(registration.get("capabilities").get("task_types")).extracting(JsonNode::asText)
                .containsExactly("database_operations", "sql");
    }

    @Test
    void aCheckConnectsToEveryDataSourceAndSaysWhyOneFailsWithoutCredentials() {
        List<DataSourceCheck> checks = service.check();

        assertThat(checks).extracting(DataSourceCheck::name).containsExactly("main", "reports", "wrongpass", "down");
        assertThat(checks).extracting(DataSourceCheck::ok).containsExactly(true, true, false, false);
        assertThat(checks.get(1).readOnly()).isTrue();
        assertThat(checks.get(2).problem().orElseThrow()).startsWith("SQLState 28P01 on data source wrongpass:")
                .doesNotContain("app_reader", "wrong-hunter2");
        assertThat(checks.get(3).problem().orElseThrow()).startsWith("SQLState 08001 on data source down:")
                .doesNotContain("ghost", String.valueOf(closedPort));
    }

    @Nested
    class Queries {
        @Test
        void namedParametersBindAndRowsComeBackAsTypedJson() {
            JsonNode result = harness.result(task("SELECT * FROM orders WHERE customer = :customer AND amount > :min"
                    + " AND id = :id", "params", Map.of("customer", "acme", "min", 10, "id", 1)));

            assertThat(result.get("row_count").asInt()).isEqualTo(1);
            assertThat(result.get("truncated").asBoolean()).isFalse();
            assertThat(result.get("columns").get(1).toString()).isEqualTo("{\"name\":\"customer\",\"type\":\"text\"}");
            JsonNode row = result.get("rows").get(0);
            assertThat(row.get("id").isIntegralNumber()).isTrue();
            assertThat(row.get("id").asLong()).isEqualTo(1);
            assertThat(row.get("amount").decimalValue()).isEqualByComparingTo("19.99");
            assertThat(row.get("paid").asBoolean()).isTrue();
            assertThat(row.get("placed").asText()).isEqualTo("2024-01-31");
            assertThat(row.get("placed_at").asText()).isEqualTo("2024-01-31T10:15:30");
            assertThat(row.get("updated_at").asText()).isEqualTo("2024-01-31T09:15:30Z");
            assertThat(row.get("ref").asText()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
            assertThat(row.get("meta").get("priority").asInt()).isEqualTo(2);
            assertThat(row.get("tags")).extracting(JsonNode::asText).containsExactly("red", "blue");
            assertThat(row.get("scores")).extracting(JsonNode::asInt).containsExactly(3, 4);
            assertThat(row.get("ratio").asDouble()).isEqualTo(0.25);
            assertThat(row.get("blob").asText()).isEqualTo("AQL/");
            assertThat(row.get("note").isNull()).isTrue();
        }

        @Test
        void positionalParametersBindInOrder() {
            JsonNode result = harness.result(task("SELECT id FROM orders WHERE id IN (?, ?) ORDER BY id",
                    "params", List.of(3, 1)));

            assertThat(result.get("rows")).extracting(r -> r.get("id").asLong()).containsExactly(1L, 3L);
        }

        @Test
        void textValuesTakeTheTypeTheStatementNeeds() {
            JsonNode result = harness.result(task("SELECT id FROM orders WHERE placed = :day AND ref IS DISTINCT"
                    + " FROM :ref ORDER BY id", "params", Map.of("day", "2024-01-31",
                    "ref", "00000000-0000-0000-0000-000000000000")));

            assertThat(result.get("rows")).extracting(r -> r.get("id").asLong()).containsExactly(1L, 3L);
        }

        @Test
        void valuesCannotBecomeSql() {
            String hostile = "x'; DROP TABLE orders; --";

            JsonNode result = harness.result(task("SELECT count(*) AS n FROM orders WHERE customer = :c",
                    "params", Map.of("c", hostile)));

            assertThat(result.get("rows").get(0).get("n").asLong()).isZero();
            assertThat(harness.result(task("SELECT count(*) AS n FROM orders")).get("rows").get(0).get("n").asLong())
                    .isEqualTo(3);
        }

        @Test
        void aStatementWithoutRowsReportsItsUpdateCountAndReturningGivesRows() {
            JsonNode inserted = harness.result(task("INSERT INTO audit (note) VALUES (:note)",
                    "params", Map.of("note", "first")));
            JsonNode returned = harness.result(task("INSERT INTO audit (note) VALUES (?) RETURNING note",
                    "params", List.of("second")));

            assertThat(inserted.toString()).isEqualTo("{\"update_count\":1}");
            assertThat(returned.get("rows").get(0).get("note").asText()).isEqualTo("second");
        }

        @Test
        void rowsBeyondTheLimitAreCutAndSaySo() {
            JsonNode capped = harness.result(task("SELECT g FROM generate_series(1, 20) g"));
            JsonNode lowered = harness.result(task("SELECT g FROM generate_series(1, 20) g", "max_rows", 2));
            JsonNode raised = harness.result(task("SELECT g FROM generate_series(1, 20) g", "max_rows", 100));
            JsonNode fits = harness.result(task("SELECT g FROM generate_series(1, 5) g"));

            assertThat(capped.get("row_count").asInt()).isEqualTo(MAX_ROWS);
            assertThat(capped.get("truncated").asBoolean()).isTrue();
            assertThat(lowered.get("row_count").asInt()).isEqualTo(2);
            assertThat(raised.get("row_count").asInt()).isEqualTo(MAX_ROWS);
            assertThat(fits.get("truncated").asBoolean()).isFalse();
        }
    }

    @Nested
    class Failures {
        @Test
        void aStatementRunningPastTheTimeoutIsCancelledAsARetryableTimeout() {
            JsonNode failure = harness.failure(task("SELECT pg_sleep(30)"));

            assertThat(failure.get("error_type").asText()).isEqualTo("timeout");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
            assertThat(failure.get("error").asText()).startsWith("SQLState 57014 on data source main:");
        }

        @Test
        void aReadOnlyDataSourceRefusesWritesAndStillReads() throws SQLException {
            long before = count("audit");

            JsonNode failure = harness.failure(task("INSERT INTO audit (note) VALUES ('sneaky')",
                    "datasource", "reports"));
            JsonNode read = harness.result(task("SELECT count(*) AS n FROM orders", "datasource", "reports"));

            assertThat(failure.get("error_type").asText()).isEqualTo("read_only");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
            assertThat(failure.get("error").asText()).startsWith("SQLState 25006 on data source reports:");
            assertThat(count("audit")).isEqualTo(before);
            assertThat(read.get("rows").get(0).get("n").asLong()).isEqualTo(3);
        }

        @Test
        void databaseErrorsAreClassifiedBySqlState() {
            JsonNode syntax = harness.failure(task("SELEC 1"));
            JsonNode duplicate = harness.failure(task("INSERT INTO orders (id, customer) VALUES (1, 'again')"));

            assertThat(syntax.get("error_type").asText()).isEqualTo("invalid_query");
            assertThat(syntax.get("error").asText()).startsWith("SQLState 42601 on data source main:");
            assertThat(syntax.get("retryable").asBoolean()).isFalse();
            assertThat(duplicate.get("error_type").asText()).isEqualTo("constraint_violation");
            assertThat(duplicate.get("retryable").asBoolean()).isFalse();
        }

        @Test
        void aFailedStatementLeavesNothingBehind() throws SQLException {
            long before = count("audit");

            harness.failure(task("INSERT INTO audit (note) SELECT 'dup' FROM generate_series(1, 2)"));

            assertThat(count("audit")).isEqualTo(before);
        }

        @Test
        void aWrongPasswordFailsWithoutNamingTheLoginOrThePassword() {
            JsonNode failure = harness.failure(task("SELECT 1", "datasource", "wrongpass"));

            assertThat(failure.get("error_type").asText()).isEqualTo("authentication_failed");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
            assertThat(failure.get("error").asText()).startsWith("SQLState 28P01 on data source wrongpass:")
                    .contains("password authentication failed")
                    .doesNotContain("app_reader", "wrong-hunter2", String.valueOf(postgres.port()), database);
        }

        @Test
        void anUnreachableDatabaseFailsRetryableWithoutItsAddressOrCredentials() {
            JsonNode failure = harness.failure(task("SELECT 1", "datasource", "down"));

            assertThat(failure.get("error_type").asText()).isEqualTo("connection_error");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
            assertThat(failure.get("error").asText()).startsWith("SQLState 08001 on data source down:")
                    .doesNotContain(String.valueOf(closedPort), "ghost_user", "ghost-secret", "jdbc:");
        }
    }

    @Nested
    class InvalidTasks {
        private JsonNode invalid(String taskId) {
            JsonNode failure = harness.failure(taskId);
            assertThat(failure.get("error_type").asText()).isEqualTo("invalid_argument");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
            return failure;
        }

        @Test
        void everyParameterProblemIsNamed() {
            JsonNode failure = invalid(task("SELECT * FROM orders WHERE id = :id AND customer = :customer",
                    "params", Map.of("id", 1, "custmer", "acme")));

            assertThat(failure.get("error").asText()).isEqualTo("invalid sql task: params.customer: is missing;"
                    + " the query uses :customer; params.custmer: is not used by the query");
        }

        @Test
        void positionalCountsMustMatch() {
            JsonNode failure = invalid(task("SELECT ? + ?", "params", List.of(1)));

            assertThat(failure.get("error").asText()).contains("the query has 2 ? marker(s) but 1 value(s)");
        }

        @Test
        void oneStatementPerTask() throws SQLException {
            JsonNode failure = invalid(task("SELECT 1; DELETE FROM orders"));

            assertThat(failure.get("error").asText()).contains("query: holds more than one statement");
            assertThat(count("orders")).isEqualTo(3);
        }

        @Test
        void anUnknownDataSourceListsTheConfiguredOnes() {
            JsonNode failure = harness.failure(task("SELECT 1", "datasource", "payroll"));

            assertThat(failure.get("error_type").asText()).isEqualTo("unknown_datasource");
            assertThat(failure.get("error").asText()).isEqualTo("datasource: 'payroll' is not a data source of this"
                    + " service (it has main, reports, wrongpass, down)");
        }

        @Test
        void aQueryIsRequired() {
            JsonNode failure = invalid(harness.assign(SqlService.DATABASE_OPERATIONS, "{\"params\": [1]}"));

            assertThat(failure.get("error").asText()).startsWith("invalid sql task: query: is required");
        }
    }
}
