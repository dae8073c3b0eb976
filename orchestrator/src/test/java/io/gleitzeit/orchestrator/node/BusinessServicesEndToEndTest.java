package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.services.http.HttpService;
import io.gleitzeit.services.http.HttpServiceOptions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sql.DataSourceConfig;
import io.gleitzeit.services.sql.SqlService;
import io.gleitzeit.services.sql.SqlServiceOptions;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.postgres.PostgresTest;
import io.gleitzeit.testing.postgres.TestPostgres;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP and SQL services of the Java SDK connected to a real node: a workflow reads rows from PostgreSQL, posts
 * them to a local HTTP API, and writes the API's answer back, the data flowing through {@code {{…}}} references.
 */
@RedisTest
@PostgresTest
class BusinessServicesEndToEndTest {
    private Cluster cluster;
    private TestPostgres postgres;
    private String database;
    private HttpServer api;
    private final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    private SqlService sql;

    private TestRedis redis;

    @BeforeEach
    void setUp(TestRedis redis, TestPostgres postgres) throws Exception {
        this.redis = redis;
        this.postgres = postgres;
        cluster = new Cluster(redis);
        database = postgres.createDatabase("business_e2e");
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name text, tier text)");
            s.execute("INSERT INTO customers VALUES (1, 'Ada', 'gold'), (2, 'Bob', 'silver'), (3, 'Cy', 'gold')");
            s.execute("CREATE TABLE scores (customer_id int, score numeric)");
        }
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/score", exchange -> {
            try (exchange) {
                JsonNode body = cluster.json().readTree(exchange.getRequestBody());
                posted.add(body);
                byte[] answer = ("{\"score\": " + 10 * body.get("customers").size() + ".5}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        api.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
        if (sql != null) {
            sql.close();
        }
        api.stop(0);
    }

    private void start(GleitzeitServiceClient client) {
        cluster.closeLater(client);
        client.start();
        await().atMost(Cluster.WAIT).until(() -> client.status().registered());
    }

    private OrchestratorNode nodeWithServices() {
        OrchestratorNode node = cluster.node();
        start(HttpService.of(HttpServiceOptions.newBuilder()
                .allowedHosts(List.of("127.0.0.1:" + api.getAddress().getPort())).build())
                .newClient(cluster.serviceOptions(node, "http", 2)));
        sql = SqlService.start(SqlServiceOptions.newBuilder()
                .dataSource(DataSourceConfig.of("crm", postgres.jdbcUrl(database), postgres.user(),
                        postgres.password())).build());
        start(sql.newClient(cluster.serviceOptions(node, "sql", 2)));
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() >= 2);
        return node;
    }

    @Test
    void rowsGoToAnApiAndItsAnswerIsStored() throws Exception {
        OrchestratorNode node = nodeWithServices();

        String id = cluster.submit(node, """
                {"name": "enrich", "tasks": [
                  {"name": "Gold", "type": "sql", "datasource": "crm",
                   "query": "SELECT id, name FROM customers WHERE tier = :tier ORDER BY id", "params": {"tier": "gold"}},
                  {"name": "Score", "type": "http", "method": "POST", "url": "%s",
                   "body": {"customers": "{{Gold.result.rows}}"}, "dependencies": ["Gold"]},
                  {"name": "Save", "type": "sql",
                   "query": "INSERT INTO scores (customer_id, score) VALUES (:id, :score)",
                   "params": {"id": "{{Gold.result.rows.0.id}}", "score": "{{Score.result.body.score}}"},
                   "dependencies": ["Gold", "Score"]}]}""".formatted(
                "http://127.0.0.1:" + api.getAddress().getPort() + "/score"));

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(posted).hasSize(1);
        // compared as JSON: the Socket.IO clients' org.json does not keep the order of an object's fields
        assertThat(posted.get(0).get("customers"))
                .isEqualTo(cluster.json().readTree("[{\"id\": 1, \"name\": \"Ada\"}, {\"id\": 3, \"name\": \"Cy\"}]"));
        assertThat(state.taskByName("Score").orElseThrow().result().get("status").asInt()).isEqualTo(200);
        assertThat(state.taskByName("Save").orElseThrow().result().get("update_count").asInt()).isEqualTo(1);
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT customer_id, score FROM scores")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("20.5");
        }
        assertThat(cluster.events(node, id)).map(e -> e.payload()).filteredOn(TaskDispatched.class::isInstance)
                .map(p -> ((TaskDispatched) p).target().serviceName()).containsExactly("sql", "http", "sql");
    }

    @Test
    void noDatabaseCredentialReachesRedisOrTheLogsEvenWhenALoginFails() {
        String wrongPassword = "Wr0ng-pw-" + java.util.UUID.randomUUID();
        SecretsScan.LogCapture logs = cluster.closeLater(new SecretsScan.LogCapture());
        OrchestratorNode node = cluster.node();
        sql = SqlService.start(SqlServiceOptions.newBuilder()
                .dataSource(DataSourceConfig.of("crm", postgres.jdbcUrl(database), postgres.user(),
                        postgres.password()))
                .dataSource(DataSourceConfig.of("locked", postgres.jdbcUrl(database), postgres.user(),
                        wrongPassword)).build());
        start(sql.newClient(cluster.serviceOptions(node, "sql", 2)));

        String id = cluster.submit(node, """
                {"name": "logins", "error_strategy": "continue", "tasks": [
                  {"name": "Good", "type": "sql", "datasource": "crm", "query": "SELECT count(*) AS n FROM customers"},
                  {"name": "Bad", "type": "sql", "datasource": "locked", "query": "SELECT 1",
                   "retry": {"max_attempts": 1}}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.taskByName("Good").orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(state.taskByName("Bad").orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        assertThat(state.taskByName("Bad").orElseThrow().lastError().message()).startsWith("SQLState 28P01 on data source locked");
        List<String> secrets = List.of(postgres.password(), wrongPassword);
        assertThat(SecretsScan.redis(redis.connect().sync(), redis.prefix(), secrets)).isEmpty();
        assertThat(logs.text()).isNotEmpty().doesNotContain(postgres.password()).doesNotContain(wrongPassword);
    }

    @Test
    void aForbiddenHostFailsTheTaskOnceDespiteItsRetryPolicy() {
        OrchestratorNode node = nodeWithServices();

        String id = cluster.submit(node, """
                {"name": "exfiltrate", "tasks": [
                  {"name": "Leak", "type": "http", "url": "http://169.254.169.254/latest/meta-data/",
                   "retry": {"max_attempts": 3, "base_delay_ms": 10}}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);
        TaskState leak = state.taskByName("Leak").orElseThrow();
        assertThat(state.status()).isEqualTo(WorkflowStatus.FAILED);
        assertThat(leak.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(leak.attemptsMade()).isEqualTo(1);
        assertThat(leak.lastError().type()).isEqualTo("host_not_allowed");
        assertThat(leak.lastError().retryable()).isFalse();
    }
}
