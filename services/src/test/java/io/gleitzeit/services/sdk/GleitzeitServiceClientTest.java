package io.gleitzeit.services.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.ServiceType;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.TaskCancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The SDK against a real Socket.IO hub (netty-socketio) over real sockets. */
class GleitzeitServiceClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2025-01-31T12:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private TestHub hub() {
        return track(TestHub.start());
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private ServiceOptions.Builder options(String... urls) {
        return ServiceOptions.newBuilder()
                .hubUrls(List.of(urls))
                .token("service-token")
                .nodeId("node-1")
                .name("test-service")
                .serviceType(ServiceType.FUNCTION)
                .taskTypes(List.of("python_execution"))
                .functions(List.of("echo"))
                .maxConcurrent(2)
                .heartbeatInterval(Duration.ofMillis(200))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .connectTimeout(Duration.ofSeconds(2))
                .ackTimeout(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(2));
    }

    private GleitzeitServiceClient service(ServiceOptions options, TaskHandler handler) {
        GleitzeitServiceClient client = track(GleitzeitServiceClient.newBuilder(options, handler)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
        client.start();
        return client;
    }

    private static GleitzeitServiceClient registered(GleitzeitServiceClient client) {
        await().atMost(WAIT).until(() -> client.status().registered());
        return client;
    }

    private TaskAssignment assignment(String taskId, int attempt, Map<String, Object> externalParameters) {
        return TaskAssignment.newBuilder(taskId, "wf-1", attempt)
                .taskType("function").taskName("Step " + taskId).externalTaskType("python_execution")
                .externalParameters(json.valueToTree(externalParameters)).endpointId("local").build();
    }

    @Nested
    class Registering {
        @Test
        void registersWithTheHandshakeTokenAndTheProtocolShape() throws Exception {
            // given
            TestHub hub = hub();

            // when
            registered(service(options(hub.url()).build(), context -> null));

            // then
            assertThat(hub.authTokens()).containsExactly(json.readTree("{\"token\": \"service-token\"}"));
            assertThat(hub.payloads(EventNames.NODE_REGISTER)).singleElement().isEqualTo(json.readTree("""
                    {"node_id": "node-1", "name": "test-service", "node_type": "external_service",
                     "capabilities": {"task_types": ["python_execution"], "max_concurrent_tasks": 2,
                                      "external_service": true, "service_capabilities": []},
                     "service_type": "function", "functions": ["echo"], "models": [], "endpoints": []}"""));
        }

        @Test
        void heartbeatsCarryLoadCountersAndUptime() throws Exception {
            // given
            TestHub hub = hub();
            registered(service(options(hub.url()).build(), context -> null));

            // when
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_HEARTBEAT).size() >= 2);

            // then
            assertThat(hub.payloads(EventNames.NODE_HEARTBEAT).get(0)).isEqualTo(json.readTree("""
                    {"node_id": "node-1", "service_name": "test-service", "status": "active",
                     "node_type": "external_service", "active_tasks": 0, "max_tasks": 2, "tasks_completed": 0,
                     "tasks_failed": 0, "uptime_seconds": 0.0, "capabilities": ["python_execution"],
                     "timestamp": "2025-01-31T12:00:00Z", "endpoints": []}"""));
        }
    }

    @Nested
    class RunningTasks {
        @Test
        void anAssignmentIsAckedAcceptedAndCompletedWithTheExactPayload() throws Exception {
            // given
            TestHub hub = hub();
            registered(service(options(hub.url()).build(),
                    context -> Map.of("echo", context.parameters().get("args"))));

            // when
            JsonNode ack = hub.assign(assignment("t-1", 2, Map.of("function_name", "echo", "args", List.of(1, 2))))
                    .get(20, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !hub.payloads(EventNames.TASK_COMPLETED).isEmpty());

            // then
            assertThat(ack).isEqualTo(json.readTree("{\"ok\": true}"));
            assertThat(hub.payloads(EventNames.TASK_ACCEPTED)).containsExactly(json.readTree(
                    "{\"task_id\": \"t-1\", \"workflow_id\": \"wf-1\", \"node_id\": \"node-1\", \"attempt\": 2}"));
            ObjectNode completed = (ObjectNode) hub.payloads(EventNames.TASK_COMPLETED).get(0).deepCopy();
            assertThat(completed.remove("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(completed).isEqualTo(json.readTree("""
                    {"task_id": "t-1", "workflow_id": "wf-1", "result": {"echo": [1, 2]}, "node_id": "node-1",
                     "service_name": "test-service", "timestamp": "2025-01-31T12:00:00Z", "attempt": 2,
                     "endpoint_id": "local"}"""));
        }

        @Test
        void aRepeatedAssignmentOfTheSameAttemptRunsOnce() throws Exception {
            // given a task that is still running when the hub repeats the assignment
            TestHub hub = hub();
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            registered(service(options(hub.url()).build(), context -> {
                runs.incrementAndGet();
                release.await();
                return "done";
            }));
            TaskAssignment assignment = assignment("t-dup", 1, Map.of());

            // when it is assigned while running, and again after it finished
            hub.assign(assignment).get(20, TimeUnit.SECONDS);
            JsonNode whileRunning = hub.assign(assignment).get(20, TimeUnit.SECONDS);
            release.countDown();
            await().atMost(WAIT).until(() -> !hub.payloads(EventNames.TASK_COMPLETED).isEmpty());
            JsonNode afterwards = hub.assign(assignment).get(20, TimeUnit.SECONDS);

            // then both repeats are acknowledged and nothing runs or completes twice
            assertThat(whileRunning).isEqualTo(json.readTree("{\"ok\": true, \"duplicate\": true}"));
            assertThat(afterwards).isEqualTo(json.readTree("{\"ok\": true, \"duplicate\": true}"));
            assertThat(runs).hasValue(1);
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).hasSize(1);
            assertThat(hub.payloads(EventNames.TASK_ACCEPTED)).hasSize(1);
        }

        @Test
        void theNextAttemptOfTheSameTaskRuns() throws Exception {
            // given
            TestHub hub = hub();
            AtomicInteger runs = new AtomicInteger();
            registered(service(options(hub.url()).build(), context -> runs.incrementAndGet()));

            // when
            hub.assign(assignment("t-retry", 1, Map.of())).get(20, TimeUnit.SECONDS);
            hub.assign(assignment("t-retry", 2, Map.of())).get(20, TimeUnit.SECONDS);

            // then
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.TASK_COMPLETED).size() == 2);
            assertThat(runs).hasValue(2);
        }

        @Test
        void progressAndChunksAreRelayed() throws Exception {
            // given
            TestHub hub = hub();
            registered(service(options(hub.url()).build(), context -> {
                context.progress(40, "thinking");
                context.chunk("Hello");
                return "Hello";
            }));

            // when
            hub.assign(assignment("t-stream", 1, Map.of())).get(20, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !hub.payloads(EventNames.TASK_COMPLETED).isEmpty());

            // then
            assertThat(hub.payloads(EventNames.TASK_PROGRESS)).containsExactly(
                    json.readTree("""
                            {"task_id": "t-stream", "workflow_id": "wf-1", "progress": 40.0, "message": "thinking",
                             "node_id": "node-1", "timestamp": "2025-01-31T12:00:00Z", "attempt": 1}"""),
                    json.readTree("""
                            {"task_id": "t-stream", "workflow_id": "wf-1", "progress": 40.0, "node_id": "node-1",
                             "timestamp": "2025-01-31T12:00:00Z", "chunk": "Hello", "attempt": 1}"""));
        }
    }

    @Nested
    class Failures {
        private JsonNode failureOf(TaskHandler handler) throws Exception {
            TestHub hub = hub();
            registered(service(options(hub.url()).build(), handler));
            hub.assign(assignment("t-fail", 1, Map.of())).get(20, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !hub.payloads(EventNames.TASK_FAILED).isEmpty());
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
            return hub.payloads(EventNames.TASK_FAILED).get(0);
        }

        @Test
        void badInputIsNotRetryable() throws Exception {
            JsonNode failure = failureOf(context -> {
                throw new IllegalArgumentException("n must not be negative");
            });

            assertThat(failure).isEqualTo(json.readTree("""
                    {"task_id": "t-fail", "workflow_id": "wf-1", "error": "n must not be negative",
                     "node_id": "node-1", "timestamp": "2025-01-31T12:00:00Z", "attempt": 1,
                     "error_type": "invalid_argument", "retryable": false, "service_name": "test-service"}"""));
        }

        @Test
        void otherExceptionsAreRetryableAndNamedByTheirType() throws Exception {
            JsonNode failure = failureOf(context -> {
                throw new IllegalStateException("backend unavailable");
            });

            assertThat(failure.get("error").asText()).isEqualTo("backend unavailable");
            assertThat(failure.get("error_type").asText()).isEqualTo("IllegalStateException");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
        }

        @Test
        void aHandlerChoosesTypeAndRetryabilityExplicitly() throws Exception {
            JsonNode failure = failureOf(context -> {
                throw TaskFailedException.nonRetryable("quota_exceeded", "monthly quota used up");
            });

            assertThat(failure.get("error_type").asText()).isEqualTo("quota_exceeded");
            assertThat(failure.get("retryable").asBoolean()).isFalse();
        }
    }

    @Nested
    class TimeLimits {
        @Test
        void anAttemptPastItsTimeoutFailsAsARetryableTimeoutAndIsInterrupted() throws Exception {
            // given a handler that would run far longer than the assignment allows
            TestHub hub = hub();
            CountDownLatch interrupted = new CountDownLatch(1);
            registered(service(options(hub.url()).build(), context -> {
                try {
                    Thread.sleep(60_000);
                    return "too late";
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }));
            TaskAssignment assignment = TaskAssignment.newBuilder("t-slow", "wf-1", 1)
                    .externalTaskType("python_execution").externalTimeout(Duration.ofMillis(300)).build();

            // when
            hub.assign(assignment).get(20, TimeUnit.SECONDS);

            // then
            await().atMost(WAIT).until(() -> !hub.payloads(EventNames.TASK_FAILED).isEmpty());
            JsonNode failure = hub.payloads(EventNames.TASK_FAILED).get(0);
            assertThat(failure.get("error_type").asText()).isEqualTo("timeout");
            assertThat(failure.get("retryable").asBoolean()).isTrue();
            assertThat(interrupted.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
            assertThat(hub.payloads(EventNames.TASK_FAILED)).hasSize(1);
        }

        @Test
        void aDeadlineAlreadyPassedFailsWithoutRunning() throws Exception {
            // given
            TestHub hub = hub();
            AtomicInteger runs = new AtomicInteger();
            registered(service(options(hub.url()).maxConcurrent(1).build(), context -> runs.incrementAndGet()));
            TaskAssignment late = TaskAssignment.newBuilder("t-late", "wf-1", 1)
                    .deadline(NOW.minusSeconds(1)).build();

            // when
            hub.assign(late).get(20, TimeUnit.SECONDS);

            // then
            await().atMost(WAIT).until(() -> !hub.payloads(EventNames.TASK_FAILED).isEmpty());
            assertThat(hub.payloads(EventNames.TASK_FAILED).get(0).get("error_type").asText()).isEqualTo("timeout");
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
        }
    }

    @Nested
    class Cancelling {
        @Test
        void aCancelledTaskIsInterruptedAndReportsNothingMore() throws Exception {
            // given a running task
            TestHub hub = hub();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            GleitzeitServiceClient client = registered(service(options(hub.url()).build(), context -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return "never";
            }));
            hub.assign(assignment("t-cancel", 1, Map.of())).get(20, TimeUnit.SECONDS);
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            // when
            hub.cancel(new TaskCancellation("t-cancel", "wf-1", "workflow cancelled", null));

            // then
            assertThat(interrupted.await(20, TimeUnit.SECONDS)).isTrue();
            await().atMost(WAIT).until(() -> client.status().activeTasks() == 0);
            // a heartbeat after the cancellation proves the hub would have seen any report by now
            int heartbeats = hub.payloads(EventNames.NODE_HEARTBEAT).size();
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_HEARTBEAT).size() > heartbeats);
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).isEmpty();
            assertThat(hub.payloads(EventNames.TASK_FAILED)).isEmpty();
        }
    }

    @Nested
    class Reconnecting {
        @Test
        void whenTheFirstHubIsDownTheServiceRegistersWithTheSecond() {
            // given a first URL where nothing listens
            int downPort = TestHub.freePort();
            TestHub second = hub();

            // when
            GleitzeitServiceClient client = registered(
                    service(options("http://127.0.0.1:" + downPort, second.url()).build(), context -> null));

            // then
            assertThat(client.status().hub()).hasToString(second.url());
            assertThat(second.payloads(EventNames.NODE_REGISTER)).hasSize(1);
        }

        @Test
        void aDroppedConnectionIsReestablishedAndRegisteredAgain() {
            // given
            TestHub hub = hub();
            GleitzeitServiceClient client = registered(service(options(hub.url()).build(), context -> null));

            // when
            hub.dropConnections();

            // then
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.NODE_REGISTER).size() == 2);
            await().atMost(WAIT).until(() -> client.status().registered());
        }

        @Test
        void aResultProducedWhileDisconnectedIsDeliveredAfterReconnecting() throws Exception {
            // given a task running on a service connected to the first hub, and a second hub not yet up
            TestHub first = track(TestHub.start());
            int secondPort = TestHub.freePort();
            CountDownLatch finish = new CountDownLatch(1);
            GleitzeitServiceClient client = registered(service(
                    options(first.url(), "http://127.0.0.1:" + secondPort).build(), context -> {
                        finish.await();
                        return Map.of("value", 42);
                    }));
            first.assign(assignment("t-offline", 1, Map.of())).get(20, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> !first.payloads(EventNames.TASK_ACCEPTED).isEmpty());

            // when the first hub goes away and the task finishes while no hub is reachable
            first.stop();
            await().atMost(WAIT).until(() -> !client.status().registered());
            finish.countDown();
            await().atMost(WAIT).until(() -> client.status().pendingReports() == 1);
            TestHub second = track(TestHub.startOn(secondPort));

            // then the result reaches the second hub once the service registers there
            await().atMost(WAIT).until(() -> !second.payloads(EventNames.TASK_COMPLETED).isEmpty());
            JsonNode completed = second.payloads(EventNames.TASK_COMPLETED).get(0);
            assertThat(completed.get("task_id").asText()).isEqualTo("t-offline");
            assertThat(completed.get("result")).isEqualTo(json.readTree("{\"value\": 42}"));
            assertThat(completed.get("attempt").asInt()).isEqualTo(1);
            await().atMost(WAIT).until(() -> client.status().pendingReports() == 0);
        }

        @Test
        void aResultWithoutAckIsSentAgainUntilAcknowledged() {
            // given a hub that does not ack completions
            TestHub hub = hub();
            hub.withholdAcks(EventNames.TASK_COMPLETED);
            GleitzeitServiceClient client = registered(service(options(hub.url()).build(), context -> "r"));

            // when
            hub.assign(assignment("t-noack", 1, Map.of()));

            // then it is repeated after the ack timeout and stays pending
            await().atMost(WAIT).until(() -> hub.payloads(EventNames.TASK_COMPLETED).size() >= 2);
            assertThat(client.status().pendingReports()).isEqualTo(1);
            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).allSatisfy(
                    c -> assertThat(c.get("task_id").asText()).isEqualTo("t-noack"));
        }
    }

    @Nested
    class Closing {
        @Test
        void aTaskStillRunningAtTheEndOfTheGracePeriodIsReportedAsARetryableShutdown() throws Exception {
            // given a task that ignores nothing but never finishes by itself
            TestHub hub = hub();
            CountDownLatch started = new CountDownLatch(1);
            GleitzeitServiceClient client = registered(service(
                    options(hub.url()).shutdownTimeout(Duration.ofMillis(500)).build(), context -> {
                        started.countDown();
                        Thread.sleep(60_000);
                        return "never";
                    }));
            hub.assign(assignment("t-shutdown", 1, Map.of())).get(20, TimeUnit.SECONDS);
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            // when
            client.close();

            // then the hub was told before the service disconnected, so it can run the task elsewhere
            assertThat(hub.payloads(EventNames.TASK_FAILED)).singleElement().satisfies(failure -> {
                assertThat(failure.get("error_type").asText()).isEqualTo("shutdown");
                assertThat(failure.get("retryable").asBoolean()).isTrue();
            });
            assertThat(client.status().registered()).isFalse();
        }

        @Test
        void aTaskFinishingWithinTheGracePeriodIsDeliveredBeforeDisconnecting() throws Exception {
            TestHub hub = hub();
            CountDownLatch started = new CountDownLatch(1);
            GleitzeitServiceClient client = registered(service(options(hub.url()).build(), context -> {
                started.countDown();
                Thread.sleep(300);
                return "finished";
            }));
            hub.assign(assignment("t-grace", 1, Map.of())).get(20, TimeUnit.SECONDS);
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            client.close();

            assertThat(hub.payloads(EventNames.TASK_COMPLETED)).singleElement()
                    .satisfies(c -> assertThat(c.get("result").asText()).isEqualTo("finished"));
        }
    }
}
