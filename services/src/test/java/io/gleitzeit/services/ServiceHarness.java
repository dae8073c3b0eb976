package io.gleitzeit.services;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.services.sdk.TestHub;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real test hub with one built-in service connected to it over a real socket: tests assign tasks the way the
 * orchestrator would and read what the service reports.
 */
public final class ServiceHarness implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger taskIds = new AtomicInteger();
    private final TestHub hub;
    private final GleitzeitServiceClient client;

    private ServiceHarness(TestHub hub, GleitzeitServiceClient client) {
        this.hub = hub;
        this.client = client;
    }

    /** Starts a hub and the service that {@code newClient} builds from the given options, and waits for it. */
    public static ServiceHarness start(String name, Function<ServiceOptions.Builder, GleitzeitServiceClient> newClient) {
        TestHub hub = TestHub.start();
        GleitzeitServiceClient client = newClient.apply(ServiceOptions.newBuilder().hubUrl(hub.url()).name(name)
                .nodeId(name + "-1").heartbeatInterval(Duration.ofMillis(500)).shutdownTimeout(Duration.ofSeconds(2)));
        client.start();
        await().atMost(WAIT).until(() -> client.status().registered());
        return new ServiceHarness(hub, client);
    }

    public TestHub hub() {
        return hub;
    }

    /** The registration the service sent. */
    public JsonNode registration() {
        return hub.payloads(EventNames.NODE_REGISTER).get(0);
    }

    /** Assigns a task with these external parameters; returns its new task id. */
    public String assign(String externalTaskType, String externalParameters) {
        return assign(externalTaskType, externalParameters, null);
    }

    /** Assigns a task with these external parameters and a per-attempt timeout; returns its new task id. */
    public String assign(String externalTaskType, String externalParameters, Duration timeout) {
        String taskId = "t-" + taskIds.incrementAndGet();
        try {
            hub.assign(TaskAssignment.newBuilder(taskId, "wf-1", 1).taskType(externalTaskType)
                    .externalTaskType(externalTaskType).externalParameters(json.readTree(externalParameters))
                    .timeout(timeout).build());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + externalParameters, e);
        }
        return taskId;
    }

    /** The {@code task:completed} or {@code task:failed} of a task, whichever comes, waiting for it. */
    public Outcome outcome(String taskId) {
        await().atMost(WAIT).until(() -> find(EventNames.TASK_COMPLETED, taskId).isPresent()
                || find(EventNames.TASK_FAILED, taskId).isPresent());
        return find(EventNames.TASK_COMPLETED, taskId).map(c -> new Outcome(c.get("result"), null))
                .orElseGet(() -> new Outcome(null, find(EventNames.TASK_FAILED, taskId).orElseThrow()));
    }

    /** The result of a task that must complete. */
    public JsonNode result(String taskId) {
        Outcome outcome = outcome(taskId);
        if (outcome.failure() != null) {
            throw new AssertionError(taskId + " failed: " + outcome.failure());
        }
        return outcome.result();
    }

    /** The {@code task:failed} of a task that must fail. */
    public JsonNode failure(String taskId) {
        Outcome outcome = outcome(taskId);
        if (outcome.failure() == null) {
            throw new AssertionError(taskId + " completed: " + outcome.result());
        }
        return outcome.failure();
    }

    private Optional<JsonNode> find(String event, String taskId) {
        return hub.payloads(event).stream().filter(p -> p.path("task_id").asText().equals(taskId)).findFirst();
    }

    @Override
    public void close() {
        client.close();
        hub.close();
    }

    /** What a task ended with: a result, or a {@code task:failed} payload. */
    public record Outcome(JsonNode result, JsonNode failure) {
    }
}
