package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Python SDK's runner ({@code python3 -m gleitzeit_sdk.run}, services/python) as a process, with the example
 * text tools, running a workflow's tasks through a node. Skipped, saying why, without {@code /usr/bin/python3} and
 * its Socket.IO client ({@code apt-get install -y python3-socketio python3-websocket python3-requests}).
 */
@RedisTest
class PythonServiceTest {
    private static final String PYTHON = System.getProperty("gleitzeit.python", "/usr/bin/python3");

    private Cluster cluster;
    private Process service;

    @BeforeEach
    void setUp(TestRedis redis) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " does not exist");
        Process probe = new ProcessBuilder(PYTHON, "-c", "import socketio, websocket").redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                PYTHON + " cannot import socketio and websocket: "
                        + new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        cluster = new Cluster(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(15, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Path sdk() {
        for (Path candidate : List.of(Path.of("..", "services", "python"), Path.of("services", "python"))) {
            if (Files.isDirectory(candidate.resolve("src").resolve("gleitzeit_sdk"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("services/python not found from " + Path.of("").toAbsolutePath());
    }

    @Test
    void aPythonServiceRunsTheTasksOfAWorkflow() throws Exception {
        OrchestratorNode node = cluster.node();
        Path sdk = sdk();
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "gleitzeit_sdk.run", "--hub", Cluster.url(node),
                "--module", "text_tools", "--name", "py-text", "--heartbeat-interval", "0.5")
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("python-service", ".log").toFile());
        builder.environment().put("PYTHONPATH", sdk.resolve("src") + File.pathSeparator + sdk.resolve("examples"));
        service = builder.start();
        await().atMost(Cluster.WAIT).until(() -> node.routing().current().candidates().stream()
                .anyMatch(c -> c.name().equals("py-text")));

        String id = cluster.submit(node, """
                {"name": "words", "tasks": [
                  {"name": "Count", "type": "python", "function": "word_count", "args": ["to be or not to be"]},
                  {"name": "Top", "type": "python", "function": "top_words",
                   "kwargs": {"text": "to be or not to be", "n": 2}},
                  {"name": "Again", "type": "python", "function": "word_count",
                   "args": ["{{Count.result}} words"], "dependencies": ["Count"]}]}""");

        WorkflowState state = cluster.awaitFinished(node, id);
        assertThat(state.status()).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(state.taskByName("Count").orElseThrow().result().asInt()).isEqualTo(6);
        assertThat(state.taskByName("Top").orElseThrow().result().toString()).isEqualTo("[[\"to\",2],[\"be\",2]]");
        assertThat(state.taskByName("Again").orElseThrow().result().asInt()).isEqualTo(2);
        assertThat(cluster.events(node, id)).map(EventEnvelope::payload).filteredOn(TaskDispatched.class::isInstance)
                .allSatisfy(p -> assertThat(((TaskDispatched) p).target().serviceName()).isEqualTo("py-text"));
    }
}
