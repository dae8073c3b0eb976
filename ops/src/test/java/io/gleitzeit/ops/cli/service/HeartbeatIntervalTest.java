package io.gleitzeit.ops.cli.service;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --heartbeat-interval} of {@code gleitzeit service …} is honoured, by the Java SDK and by the Python SDK's
 * runner the {@code python} kind starts: a real hub transport counts the {@code node:heartbeat}s it receives. With
 * 0.5 s, at least 3 arrive within 5 s of the registration (about 10 are due; the default interval would send none).
 */
class HeartbeatIntervalTest {
    private static final String PYTHON = System.getProperty("gleitzeit.python", "/usr/bin/python3");
    private static final Duration WINDOW = Duration.ofSeconds(5);

    private HubTransport hub;
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private GleitzeitServiceClient service;
    private Process python;

    @BeforeEach
    void countingHub() {
        hub = HubTransport.create(HubTransportOptions.newBuilder().host("127.0.0.1").port(0).build(),
                Authenticator.allowAll());
        hub.on(EventNames.NODE_REGISTER, JsonNode.class, (client, payload, ack) -> {
            registrations.incrementAndGet();
            ack.ok(Map.of("service_id", payload.path("node_id").asText("svc")));
        });
        hub.on(EventNames.NODE_HEARTBEAT, JsonNode.class, (client, payload, ack) -> {
            heartbeats.incrementAndGet();
            ack.ok();
        });
        hub.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (python != null) {
            python.destroy();
            python.waitFor(20, TimeUnit.SECONDS);
        }
        hub.close();
    }

    private String url() {
        return "http://127.0.0.1:" + hub.port();
    }

    /** Waits (generously) for the registration, then for 3 heartbeats within the window. */
    private void threeBeatsWithinTheWindowOfTheRegistration() {
        await().atMost(Duration.ofSeconds(60)).until(() -> registrations.get() > 0);
        int before = heartbeats.get();
        await().atMost(WINDOW).until(() -> heartbeats.get() - before >= 3);
    }

    @Test
    void aJavaServiceSendsHeartbeatsAtTheGivenInterval() {
        FunctionsServiceCommand command = new FunctionsServiceCommand();
        new CommandLine(command).parseArgs("--hub", url(), "--heartbeat-interval", "0.5");
        service = FunctionService.of(FunctionRegistry.newBuilder().add(BuiltinFunctions.all()).build())
                .newClient(command.connection.toOptions("functions", 1).shutdownTimeout(Duration.ofSeconds(1)));

        service.start();

        threeBeatsWithinTheWindowOfTheRegistration();
    }

    @Test
    void thePythonRunnerSendsHeartbeatsAtTheGivenInterval() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import socketio, websocket").redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(probe.waitFor() == 0, PYTHON + " lacks python3-socketio/python3-websocket");
        PythonServiceCommand command = new PythonServiceCommand();
        new CommandLine(command).parseArgs("text_tools", "--hub", url(), "--python", PYTHON,
                "--path", examples().toString(), "--heartbeat-interval", "0.5");

        python = command.processBuilder(command.sdkDirectory().orElseThrow()).start();

        threeBeatsWithinTheWindowOfTheRegistration();
    }

    private static Path examples() {
        for (Path candidate : List.of(Path.of("..", "services", "python", "examples"),
                Path.of("services", "python", "examples"))) {
            if (candidate.resolve("text_tools.py").toFile().isFile()) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("services/python/examples not found from " + Path.of("").toAbsolutePath());
    }
}
