package io.gleitzeit.orchestrator.http;

import static io.gleitzeit.orchestrator.testing.EventScript.completed;
import static io.gleitzeit.orchestrator.testing.EventScript.dispatched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.metrics.OrchestratorMetrics;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.runtime.OrchestratorReplica;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.orchestrator.runtime.RoutingSource;
import io.gleitzeit.orchestrator.testing.MonitorCluster;
import io.gleitzeit.orchestrator.testing.TestCertificates;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.DedicatedRedis;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}, {@code /health} and the static files, over real HTTP with a real Redis. */
@RedisTest
class OpsHttpServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();
    private MonitorCluster cluster;
    private OrchestratorReplica replica;
    private OrchestratorMetrics metrics;
    private OpsHttpServer server;

    /** The monitoring side, a replica, the metrics over all of it and the HTTP server, on {@code redis}. */
    private void start(TestRedis testRedis) {
        cluster = new MonitorCluster(testRedis, Duration.ofMillis(500), c -> metrics = OrchestratorMetrics.create(
                        testRedis.client(), c.layout,
                        MetricsOptions.newBuilder().refreshInterval(Duration.ofMillis(200)).build())
                .projector(c.projector).monitor(c.monitor));
        replica = new OrchestratorReplica(testRedis.client(), ReplicaOptions.newBuilder().keyPrefix(testRedis.prefix())
                .partitions(4).replicaId("r1").build(), RoutingSource.fixed(RoutingSnapshot.empty()));
        replica.start().toCompletableFuture().join();
        metrics.replica(replica).start();
        server = OpsHttpServer.start(OpsHttpOptions.newBuilder().host("127.0.0.1").port(0).build(), metrics);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class Metrics {
        @Test
        void exportsTheReplicaProjectionAndTaskFiguresAsPrometheusText(TestRedis redis) throws Exception {
            // given a replica, its monitor feed timing tasks, and a task that waited, ran and completed
            start(redis);
            cluster.events.register("svc-fn", "function", 4, List.of("python_execution"))
                    .submit(Workflows.workflow("wf-m").function("A", "a").function("B", "b", "A").build())
                    .commit("wf-m", dispatched("wf-m/0", 1, "svc-fn", null))
                    .commit("wf-m", completed("wf-m/0", 1, "svc-fn", 1500L), new TaskReady("wf-m/1", 1));

            // then
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> response = get("/metrics");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
                PrometheusSamples text = new PrometheusSamples(response.body());
                assertThat(text.find("gleitzeit_task_duration_count", "task_type=\"python_execution\""))
                        .contains(1.0);
                assertThat(text.find("gleitzeit_task_duration", "quantile=\"0.5\"")).contains(1.5);
                assertThat(text.find("gleitzeit_tasks_finished_total", "outcome=\"completed\"")).contains(1.0);
                assertThat(text.value("gleitzeit_dispatch_latency_count")).contains(1.0);
                assertThat(text.value("gleitzeit_connected_services")).contains(1.0);
                assertThat(text.value("gleitzeit_dead_letters")).contains(0.0);
                assertThat(text.value("gleitzeit_monitoring_clients")).contains(0.0);
                assertThat(text.find("gleitzeit_consumer_lag", "group=\"proj-load\"")).contains(0.0);
                assertThat(text.find("gleitzeit_consumer_pending", "group=\"proj-workflows\"")).contains(0.0);
                assertThat(text.types).containsEntry("gleitzeit_task_duration", "summary");
                assertThat(response.body()).contains("# HELP gleitzeit_consumer_lag Entries not yet delivered");
            });
        }

        @Test
        void countsTheReplicasDecisionsAndItsGroup(TestRedis redis) throws Exception {
            start(redis);

            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusSamples text = new PrometheusSamples(get("/metrics").body());
                assertThat(text.types).containsEntry("gleitzeit_decisions_total", "counter")
                        .containsEntry("gleitzeit_events_appended_total", "counter");
                assertThat(text.value("gleitzeit_decisions_total")).contains(0.0);
                assertThat(text.value("gleitzeit_version_conflicts_total")).contains(0.0);
                assertThat(text.find("gleitzeit_consumer_lag", "group=\"decider\"")).contains(0.0);
            });
        }
    }

    @Nested
    class HealthEndpoint {
        @Test
        void isUpWhileRedisAnswersAndTheConsumersRun(TestRedis redis) throws Exception {
            start(redis);

            HttpResponse<String> response = get("/health");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.get("status").asText()).isEqualTo("up");
            assertThat(body.get("checks").get("redis").get("healthy").asBoolean()).isTrue();
            assertThat(body.get("checks").get("decider").get("healthy").asBoolean()).isTrue();
            assertThat(body.get("checks").get("projections").get("healthy").asBoolean()).isTrue();
            assertThat(body.get("reasons")).isEmpty();
        }

        @Test
        void isDownNamingTheDeciderWhenTheReplicaStopped(TestRedis redis) throws Exception {
            start(redis);

            replica.close();

            HttpResponse<String> response = get("/health");
            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.get("status").asText()).isEqualTo("down");
            assertThat(body.get("reasons").get(0).asText()).startsWith("decider: ");
        }

        @Test
        void isDownNamingRedisWhenItIsUnreachable(TestRedis redis) throws Exception {
            // given metrics over a Redis of the test's own, which then stops
            DedicatedRedis own = redis.startDedicated();
            metrics = OrchestratorMetrics.create(own.client(),
                    new io.gleitzeit.log.redis.KeyLayout("gzt:", new io.gleitzeit.log.PartitionScheme(2)),
                    MetricsOptions.newBuilder().healthTimeout(Duration.ofMillis(500)).build());
            server = OpsHttpServer.start(OpsHttpOptions.newBuilder().host("127.0.0.1").port(0).build(), metrics);
            assertThat(get("/health").statusCode()).isEqualTo(200);

            own.stop();

            HttpResponse<String> response = get("/health");
            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.get("checks").get("redis").get("healthy").asBoolean()).isFalse();
            assertThat(body.get("reasons").get(0).asText()).startsWith("redis: ");
        }
    }

    @Nested
    class Files {
        @Test
        void servesTheDashboardAndRefusesEverythingElse(TestRedis redis) throws Exception {
            start(redis);

            HttpResponse<String> index = get("/");
            HttpResponse<String> client = get("/vendor/socket.io.min.js");
            HttpResponse<String> config = get("/dashboard-config.json");
            HttpResponse<String> traversal = get("/../../etc/passwd");
            HttpResponse<String> classFile = get("/io/gleitzeit/orchestrator/http/OpsHttpServer.class");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(index.body()).contains("Gleitzeit").contains("vendor/socket.io.min.js");
            assertThat(client.statusCode()).isEqualTo(200);
            assertThat(client.body()).contains("Socket.IO v4.8");
            assertThat(new ObjectMapper().readTree(config.body()).get("hub_port").asInt()).isEqualTo(8000);
            assertThat(traversal.statusCode()).isEqualTo(404);
            assertThat(classFile.statusCode()).isEqualTo(404);
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Nested
    class Tls {
        @Test
        void servesHttpsOnlyWithThePemFilesOfTheHub(TestRedis redis, @TempDir Path dir) throws Exception {
            TestCertificates certificates = TestCertificates.selfSignedFor127001(dir);
            cluster = new MonitorCluster(redis, Duration.ofMillis(500), c -> metrics = OrchestratorMetrics.create(
                    redis.client(), c.layout, MetricsOptions.newBuilder().build()).projector(c.projector)
                    .monitor(c.monitor));
            metrics.start();
            server = OpsHttpServer.start(OpsHttpOptions.newBuilder().host("127.0.0.1").port(0)
                    .tls(certificates.tls()).build(), metrics);
            HttpClient https = HttpClient.newBuilder().sslContext(certificates.trustingOnlyThis()).build();

            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + server.port() + "/health")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + server.port() + "/")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isIn(200, 503);
            assertThat(new ObjectMapper().readTree(health.body()).has("status")).isTrue();
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
            assertThatThrownBy(() -> HttpClient.newBuilder().sslContext(TestCertificates.defaultTrust()).build()
                    .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health"))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("a client that does not trust the certificate").isInstanceOf(javax.net.ssl.SSLException.class);
            assertThatThrownBy(() -> get("/health")).as("plain HTTP on the TLS port")
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
