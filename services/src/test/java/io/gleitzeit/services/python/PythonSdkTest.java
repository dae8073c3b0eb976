package io.gleitzeit.services.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.TaskCancellation;
import io.gleitzeit.services.sdk.TestHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python SDK ({@code services/python}) against a real Socket.IO hub (netty-socketio) over real sockets: the
 * runner runs as a child process with the example module {@code text_tools} and the test's gate functions.
 */
class PythonSdkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> FUNCTIONS = List.of("fail_transiently", "render_template",
            "sleep_ignoring_cancellation", "slugify", "spell_out", "top_words", "wait_for_file", "word_count");

    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private String testName;

    @TempDir
    Path gates;

    @BeforeEach
    void name(TestInfo info) {
        testName = info.getTestClass().map(Class::getSimpleName).orElse("") + "-"
                + info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private TestHub hub() {
        return track(TestHub.start());
    }

    private PythonService python(String... hubUrls) {
        return track(PythonService.start(testName, List.of(hubUrls)));
    }

    /** A hub with the Python service registered to it. */
    private TestHub hubWithService() {
        TestHub hub = hub();
        PythonService service = python(hub.url());
        awaitRegistration(hub, service, 1);
        return hub;
    }

    private static void awaitRegistration(TestHub hub, PythonService service, int registrations) {
        try {
            await().atMost(WAIT).failFast(() -> !service.isAlive())
                    .until(() -> hub.payloads(EventNames.NODE_REGISTER).size() >= registrations);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; the Python service logged:\n" + service.output(), e);
        }
    }

    private TaskAssignment call(String taskId, int attempt, String function, Map<String, Object> parameters) {
        Map<String, Object> external = new LinkedHashMap<>(parameters);
        external.put("function_name", function);
        return TaskAssignment.newBuilder(taskId, "wf-1", attempt).taskType("python").taskName("Step " + taskId)
                .externalTaskType("python_execution").externalParameters(json.valueToTree(external))
                .endpointId("local").build();
    }

    private static JsonNode ack(TestHub hub, TaskAssignment assignment) throws Exception {
        return hub.assign(assignment).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static JsonNode awaitOne(TestHub hub, String event) {
        await().atMost(WAIT).until(() -> !hub.payloads(event).isEmpty());
        return hub.payloads(event).get(0);
    }

    private Path gate(String name) {
        return gates.resolve(name);
    }

    private static void open(Path gate, String text) throws Exception {
        Path written = Files.writeString(gate.resolveSibling(gate.getFileName() + ".tmp"), text,
                StandardCharsets.UTF_8);
        Files.move(written, gate); // appears whole: the function never reads a half-written file
    }

    @Nested
    @ExtendWith(PythonInterpreter.SocketIoRequired.class)
    class Registering {
        @Test
        void registersWithTheHandshakeTokenAndListsItsFunctions() throws Exception {
            // given
            TestHub hub = hub();

            // when
            awaitRegistration(hub, python(hub.url()), 1);

            // then
            assertThat(hub.authTokens()).containsExactly(json.readTree("{\"token\": \"service-token\"}"));
            assertThat(hub.payloads(EventNames.NODE_REGISTER).get(0)).isEqualTo(json.readTree("""
                    {"node_id": "py-1", "name": "py-service", "node_type": "external_service",
                     "capabilities": {"task_types": ["python_execution", "function"], "max_concurrent_tasks": 2,
                                      "external_service": true, "service_capabilities": []},
                     "service_type": "function", "functions": %s, "models": [], "endpoints": []}"""
                    .formatted(json.writeValueAsString(FUNCTIONS))));
        }

        @Test
        void aRefusedTokenIsLoggedWithTheHubsReasonAndRetried() {
            // given a hub that refuses the service's token
            TestHub hub = hub();
            hub.refuseTokens();

            // when
            PythonService service = python(hub.url());

            // then the service keeps trying and says why it cannot get in
            await().atMost(WAIT).until(() -> hub.authTokens().size() >= 2);
            await().atMost(WAIT).until(() -> service.output().contains(
                    "cannot connect to " + hub.url() + ": refused: invalid token"));
            assertThat(hub.payloads(EventNames.NODE_REGISTER)).isEmpty();
        }

        @Test
        void heartbeatsCarryLoadCountersAndUptime() throws Exception {
            // given
            TestHub hub = hubWithService();

            // when
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_HEARTBEAT).size() >= 2);

            // then
            ObjectNode heartbeat = (ObjectNode) hub.payloads(EventNames.NODE_HEARTBEAT).get(0).deepCopy();
            assertThat(heartbeat.remove("uptime_seconds").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(Instant.parse(heartbeat.remove("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(heartbeat).isEqualTo(json.readTree("""
                    {"node_id": "py-1", "service_name": "py-service", "status": "active",
                     "node_type": "external_service", "active_tasks": 0, "max_tasks": 2, "tasks_completed": 0,
                     "tasks_failed": 0, "capabilities": ["python_execution", "function"], "endpoints": []}"""));
        }
    }

    @Nested
    @ExtendWith(PythonInterpreter.SocketIoRequired.class)
    class RunningTasks {
        @Test
        void anAssignmentIsAckedAcceptedAndCompletedWithTheFunctionsResult() throws Exception {
            // given
            TestHub hub = hubWithService();

            // when
            JsonNode ack = ack(hub, call("t-1", 2, "top_words", Map.of("args", List.of("b a b c b a"),
                    "kwargs", Map.of("n", 2))));
            JsonNode completed = awaitOne(hub, EventNames.TASK_COMPLETED).deepCopy();

            // then
            assertThat(ack).isEqualTo(json.readTree("{\"ok\": true}"));
            assertThat(hub.payloads(EventNames.TASK_ACCEPTED)).containsExactly(json.readTree(
                    "{\"task_id\": \"t-1\", \"workflow_id\": \"wf-1\", \"node_id\": \"py-1\", \"attempt\": 2}"));
            ObjectNode fields = (ObjectNode) completed;
            assertThat(fields.remove("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(Instant.parse(fields.remove("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(fields).isEqualTo(json.readTree("""
                    {"task_id": "t-1", "workflow_id": "wf-1", "result": [["b", 3], ["a", 2]], "node_id": "py-1",
                     "service_name": "py-service", "attempt": 2, "endpoint_id": "local"}"""));
        }

        @Test
        void progressAndChunksAreRelayed() throws Exception {
            // given
            TestHub hub = hubWithService();

            // when
            ack(hub, call("t-stream", 1, "spell_out", Map.of("kwargs", Map.of("text", "Hello world"))));
            JsonNode completed = awaitOne(hub, EventNames.TASK_COMPLETED);

            // then
            assertThat(completed.get("result").asText()).isEqualTo("Hello world");
            assertThat(hub.payloads(EventNames.TASK_PROGRESS)).extracting(
                    p -> p.path("progress").asDouble() + "|" + p.path("message").asText("-") + "|"
                            + p.path("chunk").asText("-")).containsExactly(
                    "0.0|-|Hello ", "50.0|1 of 2 words|-", "50.0|-|world ", "100.0|2 of 2 words|-");
            assertThat(hub.payloads(EventNames.TASK_PROGRESS)).allSatisfy(p -> {
                assertThat(p.get("task_id").asText()).isEqualTo("t-stream");
                assertThat(p.get("node_id").asText()).isEqualTo("py-1");
                assertThat(p.get("attempt").asInt()).isEqualTo(1);
            });
        }

        @Test
        void aRepeatedAssignmentOfTheSameAttemptRunsOnce() throws Exception {
            // given a task that is still running when the hub repeats the assignment
            TestHub hub = hubWithService();
            Path gate = gate("dup");
            TaskAssignment assignment = call("t-dup", 1, "wait_for_file", Map.of("args", List.of(gate.toString())));
            ack(hub, assignment);
            awaitOne(hub, EventNames.TASK_ACCEPTED);

            // when it is assigned again while running, and once more after it finished
            JsonNode whileRunning = ack(hub, assignment);
            open(gate, "done");
            awaitOne(hub, EventNames.TASK_COMPLETED);
            JsonNode afterwards = ack(hub, assignment);

            // then both repeats are acknowledged as duplicates and nothing runs or completes twice
            assertThat(whileRunning).isEqualTo(json.readTree("{\"ok\": true, \"duplicate\": true}"));
            assertThat(afterwards).isEqualTo(json.readTree("{\"ok\": true, \"duplicate\": true}"));
            // a heartbeat after the last ack shows the hub would have seen any further report by now
            int heartbeats = hub.payloads(EventNames.NODE_HEARTBEAT).size();
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_HEARTBEAT).size() > heartbeats);
            assertThat(hub.payloads(EventNames.TASK_ACCEPTED)).hasSize(1);
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).singleElement()
                    .satisfies(c -> assertThat(c.get("result").asText()).isEqualTo("done"));
        }
    }

    @Nested
    @ExtendWith(PythonInterpreter.SocketIoRequired.class)
    class Failures {
        private JsonNode failureOf(String function, Map<String, Object> parameters) throws Exception {
            TestHub hub = hubWithService();
            ack(hub, call("t-fail", 1, function, parameters));
            JsonNode failure = awaitOne(hub, EventNames.TASK_FAILED);
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
            return failure;
        }

        @Test
        void aValueErrorIsBadInputAndNotRetryable() throws Exception {
            ObjectNode failure = (ObjectNode) failureOf("top_words",
                    Map.of("kwargs", Map.of("text", "a b", "n", 0))).deepCopy();

            assertThat(Instant.parse(failure.remove("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(failure).isEqualTo(json.readTree("""
                    {"task_id": "t-fail", "workflow_id": "wf-1", "error": "n must be at least 1, was 0",
                     "node_id": "py-1", "attempt": 1, "error_type": "invalid_argument", "retryable": false,
                     "service_name": "py-service"}"""));
        }

        @Test
        void anUnknownArgumentIsNamedAndNotRetryable() throws Exception {
            JsonNode failure = failureOf("word_count", Map.of("kwargs", Map.of("txt", "a b")));

            assertThat(failure.get("error").asText())
                    .isEqualTo("word_count: unknown argument 'txt'; it accepts text");
            assertThat(failure.get("error_type").asText()).isEqualTo("invalid_argument");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
        }

        @Test
        void aMissingArgumentIsNamedAndNotRetryable() throws Exception {
            JsonNode failure = failureOf("slugify", Map.of("kwargs", Map.of("separator", "_")));

            assertThat(failure.get("error").asText()).isEqualTo("slugify: missing required argument 'text'");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
        }

        @Test
        void anUnknownFunctionIsNotRetryable() throws Exception {
            JsonNode failure = failureOf("no_such_function", Map.of());

            assertThat(failure.get("error_type").asText()).isEqualTo("unknown_function");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
        }

        @Test
        void otherExceptionsAreRetryableAndNamedByTheirClass() throws Exception {
            JsonNode failure = failureOf("fail_transiently", Map.of("args", List.of("backend unavailable")));

            assertThat(failure.get("error").asText()).isEqualTo("backend unavailable");
            assertThat(failure.get("error_type").asText()).isEqualTo("ConnectionError");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
        }

        @Test
        void aFunctionChoosesTypeAndRetryabilityWithTaskFailed() throws Exception {
            JsonNode failure = failureOf("render_template",
                    Map.of("args", List.of("{greeting}, {name}", Map.of("greeting", "Hello"))));

            assertThat(failure.get("error").asText()).isEqualTo("no value for placeholder 'name'");
            assertThat(failure.get("error_type").asText()).isEqualTo("missing_value");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
        }
    }

    @Nested
    @ExtendWith(PythonInterpreter.SocketIoRequired.class)
    class TimeLimits {
        @Test
        void anAttemptPastItsTimeoutFailsAsARetryableTimeoutAndStops() throws Exception {
            // given a function that would take a minute, and an assignment that allows 0.3 s
            TestHub hub = hubWithService();
            TaskAssignment assignment = TaskAssignment.newBuilder("t-slow", "wf-1", 1)
                    .externalTaskType("python_execution").externalTimeout(Duration.ofMillis(300))
                    .externalParameters(json.valueToTree(Map.of("function_name", "spell_out",
                            "kwargs", Map.of("text", "one two", "delay_seconds", 60)))).build();

            // when
            ack(hub, assignment);

            // then one retryable timeout is reported, and the cooperative function stops (its worker is free)
            JsonNode failure = awaitOne(hub, EventNames.TASK_FAILED);
            assertThat(failure.get("error_type").asText()).isEqualTo("timeout");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
            await().atMost(WAIT).until(() -> lastHeartbeat(hub).path("active_tasks").asInt(-1) == 0
                    && lastHeartbeat(hub).path("tasks_failed").asInt() == 1);
            assertThat(hub.payloads(EventNames.TASK_FAILED)).hasSize(1);
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
        }
    }

    private static JsonNode lastHeartbeat(TestHub hub) {
        List<JsonNode> heartbeats = hub.payloads(EventNames.NODE_HEARTBEAT);
        return heartbeats.isEmpty() ? MissingNode.getInstance() : heartbeats.get(heartbeats.size() - 1);
    }

    @Nested
    @ExtendWith(PythonInterpreter.SocketIoRequired.class)
    class Cancelling {
        @Test
        void aCancelledTaskStopsAndReportsNothing() throws Exception {
            // given a running task that would wait for a minute
            TestHub hub = hubWithService();
            ack(hub, call("t-cancel", 1, "spell_out", Map.of("kwargs", Map.of("text", "a b", "delay_seconds", 60))));
            awaitOne(hub, EventNames.TASK_ACCEPTED);
            await().atMost(WAIT).until(() -> lastHeartbeat(hub).path("active_tasks").asInt() == 1);

            // when
            hub.cancel(new TaskCancellation("t-cancel", "wf-1", "workflow cancelled", null));

            // then the function returns (its worker is free) and neither a result nor a failure is reported
            await().atMost(WAIT).until(() -> lastHeartbeat(hub).path("active_tasks").asInt(-1) == 0);
            int heartbeats = hub.payloads(EventNames.NODE_HEARTBEAT).size();
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_HEARTBEAT).size() > heartbeats);
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
            assertThat(hub.payloads(EventNames.TASK_FAILED)).isEmpty();
            assertThat(lastHeartbeat(hub).path("tasks_completed").asInt()).isZero();
        }
    }

    @Nested
    @ExtendWith(PythonInterpreter.SocketIoRequired.class)
    class Reconnecting {
        @Test
        void aDroppedConnectionIsReestablishedAndAnUnacknowledgedResultIsSentAgain() throws Exception {
            // given a hub that receives a result but does not acknowledge it
            TestHub hub = hubWithService();
            hub.withholdAcks(EventNames.TASK_COMPLETED);
            ack(hub, call("t-noack", 1, "word_count", Map.of("args", List.of("one two three"))));
            awaitOne(hub, EventNames.TASK_COMPLETED);

            // when the hub drops the connection, and acknowledges again
            hub.dropConnections();
            hub.resumeAcks(EventNames.TASK_COMPLETED);

            // then the service registers again and the result arrives again after that
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_REGISTER).size() == 2
                    && indexOfLast(hub, EventNames.TASK_COMPLETED) > indexOfLast(hub, EventNames.NODE_REGISTER));
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).allSatisfy(c -> {
                assertThat(c.get("task_id").asText()).isEqualTo("t-noack");
                assertThat(c.get("result").asInt()).isEqualTo(3);
            });
        }

        @Test
        void aResultProducedWhileNoHubIsUpIsDeliveredToTheNextHub() throws Exception {
            // given a task running on a service connected to the first hub, and a second hub not yet up
            TestHub first = hub();
            int secondPort = TestHub.freePort();
            PythonService service = python(first.url(), "http://127.0.0.1:" + secondPort);
            awaitRegistration(first, service, 1);
            Path gate = gate("offline");
            ack(first, call("t-offline", 1, "wait_for_file", Map.of("args", List.of(gate.toString()))));
            awaitOne(first, EventNames.TASK_ACCEPTED);

            // when the first hub goes away, and the task finishes while no hub is reachable
            first.stop();
            open(gate, "finished offline");
            TestHub second = track(TestHub.startOn(secondPort));

            // then the result reaches the second hub once the service registers there
            awaitRegistration(second, service, 1);
            JsonNode completed = awaitOne(second, EventNames.TASK_COMPLETED);
            assertThat(completed.get("task_id").asText()).isEqualTo("t-offline");
            assertThat(completed.get("result").asText()).isEqualTo("finished offline");
            assertThat(completed.get("attempt").asInt()).isEqualTo(1);
        }

        private static int indexOfLast(TestHub hub, String event) {
            List<TestHub.Received> received = hub.received();
            for (int i = received.size() - 1; i >= 0; i--) {
                if (received.get(i).event().equals(event)) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Nested
    @ExtendWith(PythonInterpreter.SocketIoRequired.class)
    class ShuttingDown {
        @Test
        void aTaskStillRunningAfterTheGracePeriodIsReportedAsARetryableShutdownAndTheProcessEnds() throws Exception {
            // given a function that ignores cancellation and would sleep for a minute
            TestHub hub = hub();
            PythonService service = python(hub.url());
            awaitRegistration(hub, service, 1);
            ack(hub, call("t-shutdown", 1, "sleep_ignoring_cancellation", Map.of("args", List.of(60))));
            awaitOne(hub, EventNames.TASK_ACCEPTED);

            // when the runner is asked to stop (its grace period is 2 s)
            int exitCode = service.terminate(Duration.ofSeconds(30));

            // then the hub was told before the service went away, and the sleeping worker did not hold the process
            assertThat(exitCode).as(service.output()).isZero();
            assertThat(hub.payloads(EventNames.TASK_FAILED)).singleElement().satisfies(failure -> {
                assertThat(failure.get("task_id").asText()).isEqualTo("t-shutdown");
                assertThat(failure.get("error_type").asText()).isEqualTo("shutdown");
                assertThat(failure.get("retryable").asBoolean()).isTrue();
            });
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
        }

        @Test
        void aTaskFinishingWithinTheGracePeriodIsDeliveredBeforeTheProcessEnds() throws Exception {
            // given a running task
            TestHub hub = hub();
            PythonService service = python(hub.url());
            awaitRegistration(hub, service, 1);
            ack(hub, call("t-grace", 1, "sleep_ignoring_cancellation", Map.of("args", List.of(0.5))));
            awaitOne(hub, EventNames.TASK_ACCEPTED);

            // when
            int exitCode = service.terminate(Duration.ofSeconds(30));

            // then
            assertThat(exitCode).as(service.output()).isZero();
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).singleElement()
                    .satisfies(c -> assertThat(c.get("result").asText()).isEqualTo("woke up"));
            assertThat(hub.payloads(EventNames.TASK_FAILED)).isEmpty();
        }
    }

    @Nested
    @ExtendWith(PythonInterpreter.Required.class)
    class PythonUnitTests {
        @Test
        void theSdksOwnUnitTestsPass() throws Exception {
            // when
            Process process = new ProcessBuilder(PythonInterpreter.PATH, "-m", "unittest", "discover", "-v")
                    .directory(PythonInterpreter.sdkDirectory().toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);

            // then
            assertThat(finished).as("unittest finished").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            Matcher ran = Pattern.compile("^Ran (\\d+) tests? in", Pattern.MULTILINE).matcher(output);
            assertThat(ran.find()).as(output).isTrue();
            assertThat(Integer.parseInt(ran.group(1))).as("tests run").isPositive();
            assertThat(output).as(output).containsPattern("(?m)^OK");
        }
    }
}
