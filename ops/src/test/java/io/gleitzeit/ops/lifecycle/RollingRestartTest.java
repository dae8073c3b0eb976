package io.gleitzeit.ops.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.services.functions.FunctionRegistry;
import io.gleitzeit.services.functions.FunctionService;
import io.gleitzeit.services.functions.builtin.BuiltinFunctions;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of three {@code gleitzeit orchestrator} processes under load: each replica in turn gets SIGTERM
 * while workflows keep arriving and function services (connected to every hub) run their tasks; it must exit by
 * itself within its --shutdown-timeout, and come back on the same port. Afterwards every workflow has completed and
 * no task was completed twice.
 */
@RedisTest
class RollingRestartTest {
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path logs;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void everyWorkflowCompletesOnceWhileEveryReplicaIsRestartedInTurn(TestRedis redis) throws Exception {
        List<ReplicaProcess> replicas = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ReplicaProcess replica = new ReplicaProcess("r" + i, freePort(), List.of(
                    "--redis", redis.uri().toString(), "--prefix", redis.prefix(),
                    "--partitions", String.valueOf(PARTITIONS), "--disconnect-grace", "1",
                    "--heartbeat-timeout", "10", "--shutdown-timeout", "30"), logs);
            resources.add(replica);
            replicas.add(replica);
        }
        replicas.forEach(ReplicaProcess::start);
        List<String> hubs = replicas.stream().map(ReplicaProcess::url).toList();
        // Two function services, each knowing every hub, starting on different ones.
        for (int i = 0; i < 2; i++) {
            List<String> order = new ArrayList<>(hubs.subList(i, hubs.size()));
            order.addAll(hubs.subList(0, i));
            GleitzeitServiceClient functions = FunctionService.of(FunctionRegistry.newBuilder()
                    .add(BuiltinFunctions.all()).build()).newClient(ServiceOptions.newBuilder().hubUrls(order)
                    .name("functions").maxConcurrent(4).reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .shutdownTimeout(Duration.ofSeconds(1)));
            resources.add(functions);
            functions.start();
            await().atMost(WAIT).until(() -> functions.status().registered());
        }

        RedisEventLog log = RedisEventLog.connect(redis.client(),
                new KeyLayout(redis.prefix(), new PartitionScheme(PARTITIONS)), EventCodec.standard());
        resources.add(log);
        WorkflowDocumentParser parser = new WorkflowDocumentParser(() -> "wf-" + UUID.randomUUID());
        List<String> submitted = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (loading.get()) {
                submitted.add(submit(log, parser));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rolling-restart-load");
        load.start();
        try {
            await().atMost(WAIT).until(() -> submitted.size() >= 10);
            for (ReplicaProcess replica : replicas) {
                int before = submitted.size();
                int exit = replica.terminate(Duration.ofSeconds(60));
                // 143 = 128 + SIGTERM after the shutdown hook finished; 1 would mean --shutdown-timeout cut it short.
                assertThat(exit).as("exit of a replica stopped by SIGTERM; its log:%n%s", replica.output())
                        .isEqualTo(143);
                assertThat(replica.output()).doesNotContain("graceful stop did not finish");
                replica.start();
                await().atMost(WAIT).until(() -> submitted.size() >= before + 10);
            }
        } finally {
            loading.set(false);
            load.join();
        }

        assertThat(submitted).hasSizeGreaterThanOrEqualTo(40);
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> submitted.stream()
                    .allMatch(id -> state(log, id).status().isTerminal()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder report = new StringBuilder("workflows not finished:\n");
            for (String id : submitted) {
                List<EventEnvelope<WorkflowEvent>> events = events(log, id);
                if (!WorkflowEvolver.fold(id, events).status().isTerminal()) {
                    report.append(id).append(": ").append(events.stream()
                            .map(ev -> ev.payload().getClass().getSimpleName()).toList()).append('\n');
                }
            }
            replicas.forEach(r -> report.append("---- replica log\n").append(r.output()));
            throw new AssertionError(report.toString(), e);
        }
        for (String id : submitted) {
            List<EventEnvelope<WorkflowEvent>> events = events(log, id);
            assertThat(WorkflowEvolver.fold(id, events).status()).as("workflow %s", id)
                    .isEqualTo(WorkflowStatus.COMPLETED);
            Map<String, Long> completions = events.stream().map(EventEnvelope::payload)
                    .filter(TaskCompleted.class::isInstance).map(e -> ((TaskCompleted) e).taskId())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(completions).as("completions per task of %s", id).hasSize(2)
                    .allSatisfy((task, count) -> assertThat(count).isEqualTo(1L));
        }
    }

    private static String submit(RedisEventLog log, WorkflowDocumentParser parser) {
        WorkflowDefinition definition = parser.parse("""
                {"name": "rolling", "tasks": [
                  {"name": "Wait", "type": "function", "function": "async_timer", "args": [0.2]},
                  {"name": "Gcd", "type": "function", "function": "gcd", "args": [12, 18],
                   "dependencies": ["Wait"]}]}""");
        log.send(new CommandEnvelope("submit:" + definition.workflowId(), definition.workflowId(), Instant.now(),
                "rolling-restart-test", null, new SubmitWorkflow(definition, "test"))).toCompletableFuture().join();
        return definition.workflowId();
    }

    private static List<EventEnvelope<WorkflowEvent>> events(RedisEventLog log, String workflowId) {
        return log.readWorkflow(workflowId, 0).toCompletableFuture().join();
    }

    private static WorkflowState state(RedisEventLog log, String workflowId) {
        return WorkflowEvolver.fold(workflowId, events(log, workflowId));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
