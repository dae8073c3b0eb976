package io.gleitzeit.orchestrator.dashboard;

import static io.gleitzeit.orchestrator.testing.EventScript.completed;
import static io.gleitzeit.orchestrator.testing.EventScript.dispatched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.orchestrator.http.OpsHttpOptions;
import io.gleitzeit.orchestrator.http.OpsHttpServer;
import io.gleitzeit.orchestrator.metrics.MetricsOptions;
import io.gleitzeit.orchestrator.metrics.OrchestratorMetrics;
import io.gleitzeit.orchestrator.testing.MonitorCluster;
import io.gleitzeit.orchestrator.testing.TestCertificates;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web dashboard in headless Chromium, served by the orchestrator's HTTP server and fed by the hub's
 * {@code monitor:*} events over the page's own Socket.IO client: it loads, shows a running workflow, and updates
 * when a task completes.
 */
@RedisTest
class DashboardBrowserTest {
    private MonitorCluster cluster;
    private OrchestratorMetrics metrics;
    private OpsHttpServer http;
    private HeadlessChromium chromium;

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
                "the browser test needs Debian's chromium at " + HeadlessChromium.BINARY);
    }

    /** The monitoring cluster, the dashboard's server and a browser; hub and server over TLS when given. */
    private void serve(TestRedis redis, TestCertificates tls) throws Exception {
        cluster = new MonitorCluster(redis, Duration.ofMillis(500), b -> tls == null ? b : b.tls(tls.tls()),
                c -> metrics = OrchestratorMetrics.create(redis.client(), c.layout, MetricsOptions.newBuilder()
                        .build()).projector(c.projector).monitor(c.monitor));
        metrics.start();
        http = OpsHttpServer.start(OpsHttpOptions.newBuilder().host("127.0.0.1").port(0)
                .hubPort(cluster.hub.port()).tls(tls == null ? null : tls.tls()).build(), metrics);
        // The test's certificate is self-signed: the browser is told to accept it, as a user accepting it would.
        chromium = tls == null ? HeadlessChromium.launch() : HeadlessChromium.launch("--ignore-certificate-errors");
    }

    @AfterEach
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (http != null) {
            http.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String text(String expression) throws Exception {
        return chromium.evaluate(expression).asText();
    }

    private String taskStatus(String taskId) throws Exception {
        return text("(document.querySelector('#graph [data-task-id=\"" + taskId + "\"]') || {dataset: {}})"
                + ".dataset.status || ''");
    }

    @Test
    void overTlsThePageAndItsHubConnectionAreHttpsAndWss(TestRedis redis, @TempDir Path dir) throws Exception {
        serve(redis, TestCertificates.selfSignedFor127001(dir));
        cluster.events.register("svc-fn", "function", 4, List.of("python_execution"));

        chromium.navigate("https://127.0.0.1:" + http.port() + "/");

        await().atMost(HeadlessChromium.timeout()).ignoreExceptions().until(() -> text("document.querySelector("
                + "'#connection').textContent").equals("live"));
        await().atMost(HeadlessChromium.timeout()).ignoreExceptions().until(() -> text(
                "(document.querySelector('#services tr[data-node-id=\"svc-fn\"]') || {}).textContent || ''")
                .contains("python_execution"));
        assertThat(text("location.protocol")).isEqualTo("https:");
    }

    @Test
    void showsARunningWorkflowAndUpdatesWhenATaskCompletes(TestRedis redis) throws Exception {
        serve(redis, null);
        // given a cluster with services and a running workflow whose first task is dispatched
        cluster.events.register("svc-fn", "function", 4, List.of("python_execution"))
                .register("svc-llm", "llm", 2, List.of("llm_generation"),
                        new EndpointInfo("gpu-a", "http://10.0.0.5:11434", List.of("llama3"), "A100", 2))
                .report("svc-llm", "gpu-a", true, 8_000_000_000L, 24_000_000_000L)
                .submit(Workflows.workflow("wf-b").name("Financial Analysis").function("Extract Numbers", "extract")
                        .function("Assess Risks", "assess", "Extract Numbers")
                        .function("Format Report", "format", "Assess Risks").build())
                .commit("wf-b", dispatched("wf-b/0", 1, "svc-fn", null));

        // when the page loads
        chromium.navigate("http://127.0.0.1:" + http.port() + "/");

        // then it is live, lists the services and shows the running workflow with its graph
        await().atMost(HeadlessChromium.timeout()).ignoreExceptions().until(() -> text("document.querySelector('#connection')"
                + ".textContent").equals("live"));
        await().atMost(HeadlessChromium.timeout()).ignoreExceptions().until(() -> text(
                "(document.querySelector('#workflows tr[data-workflow-id=\"wf-b\"] .status') || {}).textContent || ''")
                .equals("running") && taskStatus("wf-b/0").equals("dispatched"));
        assertThat(text("document.querySelector('#services tr[data-node-id=\"svc-fn\"]').textContent"))
                .contains("Tasks: 1/4").contains("Success: 100%").contains("python_execution");
        assertThat(text("document.querySelector('#services tr[data-node-id=\"svc-llm\"] .icon').title"))
                .isEqualTo("internal LLM");
        assertThat(text("document.querySelector('#endpoints tr[data-endpoint-id=\"gpu-a\"]').textContent"))
                .contains("8.0 GB / 24.0 GB").contains("llama3");
        assertThat(text("document.querySelector('[data-card=\"running\"] .value').textContent")).isEqualTo("1");
        assertThat(taskStatus("wf-b/1")).isEqualTo("pending");
        assertThat(text("document.querySelector('#detail-name').textContent")).contains("Financial Analysis");

        // when the first task completes and the next one is ready
        cluster.events.commit("wf-b", completed("wf-b/0", 1, "svc-fn", 850L), new TaskReady("wf-b/1", 1));

        // then the graph, the timeline and the recent events follow without a reload
        await().atMost(HeadlessChromium.timeout()).ignoreExceptions().until(() -> taskStatus("wf-b/0").equals("completed")
                && taskStatus("wf-b/1").equals("ready"));
        await().atMost(HeadlessChromium.timeout()).ignoreExceptions().until(() -> chromium.evaluate(
                "document.querySelectorAll('#events li[data-type=\"task.completed\"]').length").asInt() == 1);
        assertThat(text("document.querySelector('#timeline').textContent")).contains("Extract Numbers: completed");
        await().atMost(HeadlessChromium.timeout()).ignoreExceptions().until(() -> text(
                "document.querySelector('#services tr[data-node-id=\"svc-fn\"]').textContent").contains("Tasks: 0/4"));
        Path screenshot = Path.of("target", "dashboard.png");
        Files.write(screenshot, chromium.screenshot());
        assertThat(Files.size(screenshot)).isPositive();
    }
}
