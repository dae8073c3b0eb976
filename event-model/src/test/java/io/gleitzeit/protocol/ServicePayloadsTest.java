package io.gleitzeit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The service side of PROTOCOL.md: what the fields mean once parsed, and what absent fields default to. */
class ServicePayloadsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Nested
    class Registering {
        @Test
        void aFullRegistrationExposesCapabilitiesAndExtensions() throws Exception {
            NodeRegistration registration = json.readValue(WireSamples.NODE_REGISTRATION, NodeRegistration.class);

            assertThat(registration.nodeId()).isEqualTo("svc-1");
            assertThat(registration.capabilities().taskTypes()).containsExactly("python_execution", "function");
            assertThat(registration.capabilities().maxConcurrentTasks()).isEqualTo(4);
            assertThat(registration.capabilities().externalService()).isTrue();
            assertThat(registration.serviceType()).isEqualTo(ServiceType.FUNCTION);
            assertThat(registration.functions()).containsExactly("fibonacci", "gcd");
            assertThat(registration.providers()).containsExactly("internal");
            assertThat(registration.routingStrategy()).isEqualTo("round_robin");
            assertThat(registration.endpoints()).singleElement()
                    .satisfies(e -> assertThat(e.maxConcurrent()).isEqualTo(2))
                    .satisfies(e -> assertThat(e.gpu()).isEqualTo("RTX 4090"))
                    .satisfies(e -> assertThat(e.priority()).isEqualTo(5))
                    .satisfies(e -> assertThat(e.tags()).containsExactly("fast"));
        }

        @Test
        void anEndpointWithoutPriorityOrTagsHasPriorityZeroAndNoTagsAndIsWrittenWithoutThem() throws Exception {
            String declared = "{\"endpoint_id\": \"gpu1\", \"url\": \"http://gpu1:11434\", \"max_concurrent\": 2}";

            EndpointDeclaration endpoint = json.readValue(declared, EndpointDeclaration.class);

            assertThat(endpoint.priority()).isEqualTo(EndpointDeclaration.DEFAULT_PRIORITY).isZero();
            assertThat(endpoint.tags()).isEmpty();
            assertThat(json.readTree(json.writeValueAsString(endpoint)))
                    .isEqualTo(json.readTree(declared.replace("}", ", \"models\": []}")));
        }

        @Test
        void theOriginalPythonRegistrationParsesWithDefaultsForTheExtensions() throws Exception {
            // given exactly what the original ExternalServiceNode sends
            String original = """
                    {"node_id": "external_ml_1a2b3c4d", "name": "ml", "node_type": "external_service",
                     "capabilities": {"task_types": ["external_ml", "ml_training"], "max_concurrent_tasks": 10,
                                      "external_service": true, "service_capabilities": ["ml_training"]}}""";

            NodeRegistration registration = json.readValue(original, NodeRegistration.class);

            assertThat(registration.serviceType()).isNull();
            assertThat(registration.functions()).isEmpty();
            assertThat(registration.models()).isEmpty();
            assertThat(registration.endpoints()).isEmpty();
            assertThat(registration.version()).isNull();
            assertThat(registration.providers()).isEmpty();
            assertThat(registration.routingStrategy()).isNull();
            // written back, the original fields are unchanged and the extensions are empty lists
            var written = (ObjectNode) json.readTree(
                    json.writeValueAsString(registration));
            assertThat(written.remove(List.of("functions", "models", "endpoints", "providers")))
                    .isEqualTo(json.readTree(original));
        }

        @Test
        void anUnknownServiceTypeIsCustomAndUnknownFieldsAreIgnored() throws Exception {
            NodeRegistration registration = json.readValue(
                    "{\"node_id\": \"n\", \"service_type\": \"quantum\", \"future_field\": {\"x\": 1}}",
                    NodeRegistration.class);

            assertThat(registration.serviceType()).isEqualTo(ServiceType.CUSTOM);
            assertThat(registration.name()).isEqualTo("n");
            assertThat(registration.nodeType()).isEqualTo("external_service");
            assertThat(registration.capabilities().maxConcurrentTasks()).isEqualTo(1);
        }

        @Test
        void aRegistrationWithoutNodeIdIsRefusedNamingTheField() {
            assertThatThrownBy(() -> json.readValue("{\"name\": \"x\"}", NodeRegistration.class))
                    .isInstanceOf(JsonMappingException.class)
                    .hasMessageContaining("node_id is required");
        }
    }

    @Nested
    class Heartbeats {
        @Test
        void aHeartbeatCarriesLoadAndEndpointHealth() throws Exception {
            Heartbeat heartbeat = json.readValue(WireSamples.HEARTBEAT, Heartbeat.class);

            assertThat(heartbeat.activeTasks()).isEqualTo(2);
            assertThat(heartbeat.maxTasks()).isEqualTo(4);
            assertThat(heartbeat.uptimeSeconds()).isEqualTo(12.5);
            assertThat(heartbeat.timestamp()).isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
            assertThat(heartbeat.endpoints()).singleElement().satisfies(e -> {
                assertThat(e.vramTotalBytes()).isEqualTo(24_000_000_000L);
                assertThat(e.ewmaLatencyMs()).isEqualTo(812.5);
                assertThat(e.loadedModels()).containsExactly("llama3");
            });
        }

        @Test
        void thePythonTimestampWithoutZoneIsReadAsUtc() throws Exception {
            Heartbeat heartbeat = json.readValue(
                    "{\"node_id\": \"n\", \"timestamp\": \"2025-01-31T12:00:00.123456\"}", Heartbeat.class);

            assertThat(heartbeat.timestamp()).isEqualTo(Instant.parse("2025-01-31T12:00:00.123456Z"));
            assertThat(heartbeat.status()).isEqualTo(Heartbeat.STATUS_ACTIVE);
        }

        @Test
        void negativeLoadIsRefusedNamingTheField() {
            assertThatThrownBy(() -> json.readValue("{\"node_id\": \"n\", \"active_tasks\": -1}", Heartbeat.class))
                    .hasMessageContaining("active_tasks must not be negative");
        }
    }

    @Nested
    class Assignments {
        @Test
        void everyFieldOfAnAssignmentIsTyped() throws Exception {
            TaskAssignment assignment = json.readValue(WireSamples.TASK_ASSIGNMENT, TaskAssignment.class);

            assertThat(assignment.priority()).isEqualTo(Priority.HIGH);
            assertThat(assignment.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(assignment.externalTimeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(assignment.attempt()).isEqualTo(2);
            assertThat(assignment.idempotencyKey()).isEqualTo("t-1:2");
            assertThat(assignment.deadline()).isEqualTo(Instant.parse("2025-01-31T12:00:30Z"));
            assertThat(assignment.externalParameters().get("function_name").asText()).isEqualTo("fibonacci");
            assertThat(assignment.handlerType()).isEqualTo("python_execution");
        }

        @Test
        void anOriginalAssignmentGetsAttemptOneAndADerivedIdempotencyKey() throws Exception {
            TaskAssignment assignment = json.readValue(
                    "{\"task_id\": \"t-9\", \"workflow_id\": \"wf\", \"task_type\": \"function\"}",
                    TaskAssignment.class);

            assertThat(assignment.attempt()).isEqualTo(1);
            assertThat(assignment.idempotencyKey()).isEqualTo("t-9:1");
            assertThat(assignment.parameters().isObject()).isTrue();
            assertThat(assignment.externalParameters().isEmpty()).isTrue();
            assertThat(assignment.handlerType()).isEqualTo("function");
            assertThat(assignment.timeLimit()).isEmpty();
        }

        @Test
        void theTimeLimitIsTheShorterOfTheTwoTimeoutsAndZeroMeansNone() {
            TaskAssignment both = TaskAssignment.newBuilder("t", "wf", 1)
                    .timeout(Duration.ofSeconds(30)).externalTimeout(Duration.ofSeconds(5)).build();
            TaskAssignment zeroExternal = TaskAssignment.newBuilder("t", "wf", 1)
                    .timeout(Duration.ofSeconds(30)).externalTimeout(Duration.ZERO).build();

            assertThat(both.timeLimit()).contains(Duration.ofSeconds(5));
            assertThat(zeroExternal.timeLimit()).contains(Duration.ofSeconds(30));
        }

        @Test
        void aNegativeOrNonNumericTimeoutIsRefused() {
            assertThatThrownBy(() -> json.readValue("{\"task_id\": \"t\", \"timeout\": -3}", TaskAssignment.class))
                    .hasMessageContaining("seconds must be within");
            assertThatThrownBy(() -> json.readValue("{\"task_id\": \"t\", \"timeout\": \"soon\"}",
                    TaskAssignment.class))
                    .hasMessageContaining("expected a number of seconds");
        }

        @Test
        void aTimestampInEpochSecondsIsAccepted() throws Exception {
            TaskAssignment assignment = json.readValue(
                    "{\"task_id\": \"t\", \"assigned_at\": 1738324800.5}", TaskAssignment.class);

            assertThat(assignment.assignedAt()).isEqualTo(Instant.parse("2025-01-31T12:00:00.500Z"));
        }

        @Test
        void theBuilderWritesTheWireShape() throws Exception {
            TaskAssignment built = TaskAssignment.newBuilder("t-1", "wf-1", 3)
                    .taskType("function").externalTaskType("python_execution")
                    .externalParameters(json.readTree("{\"function_name\": \"gcd\", \"args\": [4, 6]}"))
                    .deadline(Instant.parse("2025-01-31T12:00:30Z")).build();

            assertThat(json.readTree(json.writeValueAsString(built))).isEqualTo(json.readTree("""
                    {"task_id": "t-1", "workflow_id": "wf-1", "task_type": "function", "parameters": {},
                     "max_retries": 0, "external_task_type": "python_execution",
                     "external_parameters": {"function_name": "gcd", "args": [4, 6]}, "attempt": 3,
                     "idempotency_key": "t-1:3", "deadline": "2025-01-31T12:00:30Z"}"""));
        }
    }

    @Nested
    class Completions {
        @Test
        void aCompletionCarriesResultUsageAndDuration() throws Exception {
            TaskCompletion completion = json.readValue(WireSamples.TASK_COMPLETION, TaskCompletion.class);

            assertThat(completion.result().get("sequence")).hasSize(3);
            assertThat(completion.usage()).isEqualTo(new Usage(12, 34));
            assertThat(completion.durationMs()).isEqualTo(1520L);
            assertThat(completion.attempt()).isEqualTo(2);
            assertThat(completion.reportedFailure()).isEmpty();
        }

        @Test
        void aResultWithSuccessFalseIsAFailureWhoseErrorIsTheMessage() throws Exception {
            TaskCompletion completion = json.readValue(
                    "{\"task_id\": \"t\", \"result\": {\"success\": false, \"error\": \"no such column\"}}",
                    TaskCompletion.class);

            assertThat(completion.reportedFailure()).contains("no such column");
        }

        @Test
        void aSuccessFalseResultWithoutErrorStillIsAFailure() throws Exception {
            TaskCompletion completion = json.readValue(
                    "{\"task_id\": \"t\", \"result\": {\"success\": false}}", TaskCompletion.class);

            assertThat(completion.reportedFailure()).contains(TaskCompletion.UNSPECIFIED_FAILURE);
        }

        @Test
        void anErrorObjectGivesItsMessage() throws Exception {
            TaskCompletion completion = json.readValue(
                    "{\"task_id\": \"t\", \"result\": {\"success\": false, \"error\": {\"message\": \"quota\"}}}",
                    TaskCompletion.class);

            assertThat(completion.reportedFailure()).contains("quota");
        }

        @Test
        void successTrueNonObjectsAndAStringFalseAreSuccesses() throws Exception {
            for (String result : List.of("{\"success\": true, \"error\": \"ignored\"}", "[false]", "\"false\"",
                    "{\"success\": \"false\"}", "null", "{\"data\": 1}")) {
                TaskCompletion completion = json.readValue(
                        "{\"task_id\": \"t\", \"result\": " + result + "}", TaskCompletion.class);

                assertThat(completion.reportedFailure()).as(result).isEmpty();
            }
        }

        @Test
        void aMissingResultIsJsonNullAndTheOptionalExtensionsAreAbsent() throws Exception {
            TaskCompletion completion = json.readValue("{\"task_id\": \"t\"}", TaskCompletion.class);

            assertThat(completion.result().isNull()).isTrue();
            assertThat(completion.attempt()).isNull();
            assertThat(completion.usage()).isNull();
            assertThat(completion.durationMs()).isNull();
        }
    }

    @Nested
    class Failures {
        @Test
        void aFailureCarriesTypeAndRetryability() throws Exception {
            TaskFailure failure = json.readValue(WireSamples.TASK_FAILURE, TaskFailure.class);

            assertThat(failure.error()).isEqualTo("division by zero");
            assertThat(failure.errorType()).isEqualTo("ArithmeticException");
            assertThat(failure.retryable()).isFalse();
        }

        @Test
        void anOriginalFailureIsRetryableWithTheDefaultType() throws Exception {
            TaskFailure failure = json.readValue(
                    "{\"task_id\": \"t\", \"workflow_id\": \"wf\", \"error\": \"Task cancelled\"}", TaskFailure.class);

            assertThat(failure.retryable()).isTrue();
            assertThat(failure.errorType()).isEqualTo(TaskFailure.DEFAULT_ERROR_TYPE);
            assertThat(failure.attempt()).isNull();
        }
    }

    @Nested
    class ProgressAndCancellation {
        @Test
        void progressIsClampedAndCarriesStreamedChunks() throws Exception {
            TaskProgressReport over = json.readValue(
                    "{\"task_id\": \"t\", \"progress\": 150, \"chunk\": \"Hel\"}", TaskProgressReport.class);

            assertThat(over.progress()).isEqualTo(100);
            assertThat(over.chunk()).isEqualTo("Hel");
        }

        @Test
        void aCancellationNamesTaskAndReason() throws Exception {
            TaskCancellation cancel = json.readValue(WireSamples.TASK_CANCELLATION, TaskCancellation.class);

            assertThat(cancel.taskId()).isEqualTo("t-1");
            assertThat(cancel.reason()).isEqualTo("workflow cancelled");
        }

        @Test
        void anAcceptanceWithoutTaskIdIsRefused() {
            assertThatThrownBy(() -> json.readValue("{\"workflow_id\": \"wf\"}", TaskAcceptance.class))
                    .hasMessageContaining("task_id is required");
        }
    }
}
