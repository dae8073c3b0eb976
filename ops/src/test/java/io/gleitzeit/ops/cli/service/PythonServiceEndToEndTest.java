package io.gleitzeit.ops.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.ops.e2e.Hub;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code gleitzeit service python text_tools} as the command starts it (its process: the SDK's runner with the
 * example module), serving a workflow that a Java client submits and that also uses the Java function service.
 * Skipped, saying why, without {@code /usr/bin/python3} and its Socket.IO client.
 */
@RedisTest
class PythonServiceEndToEndTest {
    private static final String PYTHON = System.getProperty("gleitzeit.python", "/usr/bin/python3");

    private Hub hub;
    private Process python;

    @BeforeEach
    void setUp(TestRedis redis) throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import socketio, websocket").redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(probe.waitFor() == 0, PYTHON + " lacks python3-socketio/python3-websocket");
        hub = new Hub(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (python != null) {
            python.destroy();
            python.waitFor(20, TimeUnit.SECONDS);
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aPythonServiceStartedByTheCommandRunsItsFunctionsInAWorkflow() throws Exception {
        PythonServiceCommand command = new PythonServiceCommand();
        new CommandLine(command).parseArgs("text_tools", "--hub", hub.url(), "--python", PYTHON,
                "--path", examples().toString(), "--name", "text-tools", "--max-concurrent", "2");
        Path sdk = command.sdkDirectory().orElseThrow();
        python = command.processBuilder(sdk).start();

        GleitzeitClient client = hub.client();
        String id = client.submit(WorkflowBuilder.named("mixed")
                .functionTask("Source", "hash_text", t -> t.arg("to be or not to be").kwarg("algorithm", "md5"))
                .pythonTask("Count", "word_count", t -> t.arg("to be or not to be that is the question"))
                .pythonTask("Top", "top_words", t -> t.kwarg("text", "to be or not to be").kwarg("n", 2))
                .build()).join();
        WorkflowCompletedNotice result = client.awaitResult(id).orTimeout(90, TimeUnit.SECONDS).join();

        assertThat(result.status()).as(result.errors().toString()).isEqualTo("completed");
        assertThat(result.results().get("Count").asInt()).isEqualTo(10);
        assertThat(result.results().get("Top").get(0).get(0).asText()).isIn("to", "be");
        assertThat(result.results().get("Source").asText()).hasSize(32);
    }

    private static Path examples() {
        for (Path candidate : new Path[] {Path.of("..", "services", "python", "examples"),
                Path.of("services", "python", "examples")}) {
            if (candidate.resolve("text_tools.py").toFile().isFile()) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("services/python/examples not found from " + Path.of("").toAbsolutePath());
    }
}
