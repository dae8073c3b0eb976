package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.orchestrator.hub.transport.Harness;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaScript example service of docs/services.md ({@code services/js/example-service.js}: npm socket.io-client 4
 * with its default transports, written to the protocol alone) runs a node's workflows, data flow and failures included.
 */
@RedisTest
class JavaScriptServiceTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("../services/js/example-service.js").normalize();

    private Cluster cluster;
    private Process service;

    @TempDir
    Path logs;

    @BeforeEach
    void setUp(TestRedis redis) {
        cluster = new Cluster(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null) {
            service.destroy(); // SIGTERM: the example closes its socket and exits
            if (!service.waitFor(10, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        cluster.close();
    }

    @Test
    void theJavaScriptExampleServiceRunsAWorkflowWithDataFlowAndReportsFailures() throws Exception {
        OrchestratorNode node = cluster.node();
        service = startExample(Cluster.url(node));
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().size() == 1);

        String ok = cluster.submit(node, """
                {"name": "js", "tasks": [
                  {"name": "Sum", "type": "function", "function": "js_sum", "args": [1, 2, 3.5]},
                  {"name": "Shout", "type": "function", "function": "js_upper",
                   "args": ["total {{Sum.result}}"], "dependencies": ["Sum"]}]}""");
        WorkflowState done = cluster.awaitFinished(node, ok);
        assertThat(done.status()).as(log()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(done.taskByName("Sum").orElseThrow().result().asDouble()).isEqualTo(6.5);
        assertThat(done.taskByName("Shout").orElseThrow().result().asText()).isEqualTo("TOTAL 6.5");
        assertThat(cluster.events(node, ok)).map(e -> e.payload()).filteredOn(TaskDispatched.class::isInstance)
                .map(p -> ((TaskDispatched) p).target().serviceName()).containsOnly("js-functions");

        String bad = cluster.submit(node, """
                {"name": "js-bad", "tasks": [{"name": "Upper", "type": "function", "function": "js_upper",
                  "args": [42], "retry": {"max_attempts": 3}}]}""");
        WorkflowState failed = cluster.awaitFinished(node, bad);
        TaskState upper = failed.taskByName("Upper").orElseThrow();
        assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
        assertThat(upper.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(upper.lastError().message()).isEqualTo("js_upper: argument 1 must be a string");
        assertThat(upper.attempt()).as("a non-retryable failure is not retried").isEqualTo(1);
    }

    private Process startExample(String hubUrl) throws IOException {
        Harness.ensureNodeModules();
        ProcessBuilder builder = new ProcessBuilder("node", EXAMPLE.toString(), hubUrl, "js-functions")
                .redirectErrorStream(true).redirectOutput(logs.resolve("service.log").toFile());
        // The example's only dependency is npm's socket.io-client 4: the one the transport harness installed.
        builder.environment().put("NODE_PATH", Harness.jsDir().resolve("node_modules").toString());
        builder.environment().put("GLEITZEIT_HEARTBEAT_SECONDS", "0.3"); // the test nodes time out after 3 s
        return builder.start();
    }

    private String log() throws IOException {
        return "service log:\n" + Files.readString(logs.resolve("service.log"));
    }
}
