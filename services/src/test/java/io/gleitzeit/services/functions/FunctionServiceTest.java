package io.gleitzeit.services.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.ServiceType;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.TaskCancellation;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The function service end to end: a real hub assigns function tasks over a real socket. */
class FunctionServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** A function with its own time limit, for the timeout test. */
    public static final class Slow {
        @GleitzeitTask(name = "slow", timeout = 0.3)
        public static String slow() throws InterruptedException {
            Thread.sleep(60_000);
            return "too late";
        }
    }

    private final FunctionService service = FunctionService.of(
            FunctionRegistry.newBuilder().add(BuiltinFunctions.all()).add(Slow.class).build());

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private TestHub hubWithService() {
        TestHub hub = TestHub.start();
        resources.add(hub);
        GleitzeitServiceClient client = service.newClient(ServiceOptions.newBuilder()
                .hubUrl(hub.url()).name("functions").nodeId("functions-1")
                .heartbeatInterval(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(2)));
        resources.add(client);
        client.start();
        await().atMost(WAIT).until(() -> client.status().registered());
        return hub;
    }

    private TaskAssignment functionTask(String taskId, String externalParameters) throws Exception {
        return TaskAssignment.newBuilder(taskId, "wf-1", 1).taskType("python").externalTaskType("python_execution")
                .externalParameters(json.readTree(externalParameters)).build();
    }

    private JsonNode completionOf(TestHub hub, String taskId) {
        await().atMost(WAIT).until(() -> hub.payloads(EventNames.TASK_COMPLETED).stream()
                .anyMatch(c -> c.get("task_id").asText().equals(taskId)));
        return hub.payloads(EventNames.TASK_COMPLETED).stream()
                .filter(c -> c.get("task_id").asText().equals(taskId)).findFirst().orElseThrow();
    }

    private JsonNode failureOf(TestHub hub, String taskId) {
        await().atMost(WAIT).until(() -> hub.payloads(EventNames.TASK_FAILED).stream()
                .anyMatch(c -> c.get("task_id").asText().equals(taskId)));
        return hub.payloads(EventNames.TASK_FAILED).stream()
                .filter(c -> c.get("task_id").asText().equals(taskId)).findFirst().orElseThrow();
    }

    @Test
    void configuresTheServiceTypeTaskTypesAndFunctionNames() {
        ServiceOptions options = service.configure(ServiceOptions.newBuilder().name("functions")).build();

        assertThat(options.serviceType()).isEqualTo(ServiceType.FUNCTION);
        assertThat(options.taskTypes()).containsExactly("python_execution", "function");
        assertThat(options.functions()).contains("fibonacci_sequence", "fibonacci", "histogram", "text_stats",
                "async_timer", "slow");
    }

    @Nested
    class OverTheWire {
        @Test
        void registersItsFunctions() {
            TestHub hub = hubWithService();

            JsonNode registration = hub.payloads(EventNames.NODE_REGISTER).get(0);
            assertThat(registration.get("service_type").asText()).isEqualTo("function");
            assertThat(registration.get("capabilities").get("task_types"))
                    .isEqualTo(json.valueToTree(List.of("python_execution", "function")));
            assertThat(registration.get("functions")).extracting(JsonNode::asText)
                    .contains("fibonacci_sequence", "pivot_table", "async_batch_process");
        }

        @Test
        void runsAFunctionWithPositionalAndKeywordArguments() throws Exception {
            TestHub hub = hubWithService();

            hub.assign(functionTask("t-fib", "{\"function_name\": \"fibonacci\", \"args\": [100], \"kwargs\": {}}"));
            hub.assign(functionTask("t-gcd", "{\"function\": \"gcd\", \"kwargs\": {\"a\": 12, \"b\": 18}}"));

            JsonNode fibonacci = completionOf(hub, "t-fib").get("result");
            assertThat(fibonacci).hasSize(100);
            // exact beyond 64 bits, although org.json sits between the SDK and the socket
            assertThat(fibonacci.get(99).bigIntegerValue()).hasToString("218922995834555169026");
            assertThat(completionOf(hub, "t-gcd").get("result").asLong()).isEqualTo(6);
        }

        @Test
        void readsTheTaskParametersWhenThereAreNoExternalParameters() throws Exception {
            TestHub hub = hubWithService();
            TaskAssignment assignment = TaskAssignment.newBuilder("t-params", "wf-1", 1).taskType("function")
                    .parameters(json.readTree("{\"function\": \"factorial\", \"args\": [5]}")).build();

            hub.assign(assignment);

            assertThat(completionOf(hub, "t-params").get("result").asLong()).isEqualTo(120);
        }

        @Test
        void badArgumentsFailWithoutRetryNamingTheArgument() throws Exception {
            TestHub hub = hubWithService();

            hub.assign(functionTask("t-bad", "{\"function_name\": \"factorial\", \"kwargs\": {\"n\": \"five\"}}"));

            JsonNode failure = failureOf(hub, "t-bad");
            assertThat(failure.get("error").asText()).isEqualTo("factorial: argument 'n' expects an integer, got \"five\"");
            assertThat(failure.get("error_type").asText()).isEqualTo("invalid_argument");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
        }

        @Test
        void anUnknownOrMissingFunctionNameFailsWithoutRetry() throws Exception {
            TestHub hub = hubWithService();

            hub.assign(functionTask("t-unknown", "{\"function_name\": \"os_system\", \"args\": [\"rm -rf /\"]}"));
            hub.assign(functionTask("t-missing", "{\"args\": [1]}"));

            assertThat(failureOf(hub, "t-unknown").get("error_type").asText()).isEqualTo("unknown_function");
            assertThat(failureOf(hub, "t-unknown").get("retryable").asBoolean()).isFalse();
            assertThat(failureOf(hub, "t-missing").get("error").asText())
                    .isEqualTo("function_name is required in the task's parameters");
        }

        @Test
        void aFunctionsOwnTimeLimitFailsItAsARetryableTimeout() throws Exception {
            TestHub hub = hubWithService();

            hub.assign(functionTask("t-slow", "{\"function_name\": \"slow\"}"));

            JsonNode failure = failureOf(hub, "t-slow");
            assertThat(failure.get("error_type").asText()).isEqualTo("timeout");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
        }

        @Test
        void cancellingStopsARunningAsyncTimer() throws Exception {
            // given a five-minute timer that has started and reports progress
            TestHub hub = hubWithService();
            hub.assign(functionTask("t-timer", "{\"function_name\": \"async_timer\", \"kwargs\": {\"seconds\": 300}}"))
                    .get(20, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !hub.payloads(EventNames.TASK_PROGRESS).isEmpty());

            // when
            hub.cancel(new TaskCancellation("t-timer", "wf-1", "workflow cancelled", null));

            // then it stops (the heartbeat shows no active task) and reports nothing more
            await().atMost(WAIT).until(() -> {
                List<JsonNode> beats = hub.payloads(EventNames.NODE_HEARTBEAT);
                return !beats.isEmpty() && beats.get(beats.size() - 1).get("active_tasks").asInt() == 0;
            });
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
            assertThat(hub.payloads(EventNames.TASK_FAILED)).isEmpty();
        }
    }
}
