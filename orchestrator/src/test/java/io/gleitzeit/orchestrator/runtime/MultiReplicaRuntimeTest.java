package io.gleitzeit.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.EventLog;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.orchestrator.runtime.SimulatedFleet.Outcome;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Several replicas deciding on the same streams, with duplicated and reordered reports and a replica killed
 * mid-stream, end exactly where one replica ends: same workflow and task outcomes, one dispatch per (task, attempt),
 * nothing stuck, versions contiguous.
 */
@RedisTest
class MultiReplicaRuntimeTest {
    private static final int PARTITIONS = 4;
    private static final int WORKFLOWS = 60;

    @Test
    void threeReplicasWithOneKilledEndInTheSameStatesAsOne(TestRedis redis) throws Exception {
        List<WorkflowDefinition> workload = randomWorkload(new Random(20261126L));
        BiFunction<String, Integer, Outcome> behaviour = MultiReplicaRuntimeTest::behaviour;

        Run single = run(redis, redis.prefix() + "one:", workload, behaviour, 1, false);
        Run multi = run(redis, redis.prefix() + "three:", workload, behaviour, 3, true);

        assertThat(single.outcomes).hasSize(WORKFLOWS);
        assertThat(multi.outcomes).isEqualTo(single.outcomes);
        assertThat(single.outcomes.values()).anyMatch(o -> o.startsWith("COMPLETED"))
                .anyMatch(o -> o.startsWith("FAILED"));
        for (Run run : List.of(single, multi)) {
            assertThat(run.duplicateDispatches).as("(task, attempt) dispatched more than once").isEmpty();
        }
        assertThat(multi.retriesSeen).as("the workload exercises retries").isPositive();
    }

    /** One run: start replicas, submit everything, answer dispatches, wait until every workflow is terminal. */
    private Run run(TestRedis redis, String prefix, List<WorkflowDefinition> workload,
                    BiFunction<String, Integer, Outcome> behaviour, int replicaCount, boolean killOne)
            throws Exception {
        RoutingSource routing = RoutingSource.fixed(RoutingSnapshot.of(ServiceCandidate
                .newBuilder("sim-1", "simulated", "hub-test")
                .serviceType("function").taskTypes("python_execution").maxConcurrent(1_000_000).build()));
        List<OrchestratorReplica> replicas = new ArrayList<>();
        for (int i = 0; i < replicaCount; i++) {
            ReplicaOptions options = ReplicaOptions.newBuilder().replicaId("r" + i).keyPrefix(prefix)
                    .partitions(PARTITIONS).batchSize(16).claimIdle(Duration.ofMillis(800))
                    .timerInterval(Duration.ofMillis(20)).build();
            OrchestratorReplica replica = new OrchestratorReplica(redis.client(), options, routing);
            replica.start().toCompletableFuture().join();
            replicas.add(replica);
        }
        // The test's own view of the log, like a client's: it outlives the replicas.
        RedisEventLog log = RedisEventLog.connect(redis.client(),
                new KeyLayout(prefix, new PartitionScheme(PARTITIONS)), EventCodec.standard());
        PartitionTail tail = new PartitionTail(redis.client(), log.keys(), log.decoder(), StreamPosition.FIRST);
        try (log; SimulatedFleet fleet = new SimulatedFleet(log, tail, behaviour, 7L, 0.3, 0.3)) {
            for (WorkflowDefinition wf : workload) {
                CommandEnvelope submit = new CommandEnvelope("submit:" + wf.workflowId(), wf.workflowId(),
                        Instant.now(), "test", wf.workflowId(), new SubmitWorkflow(wf, "test"));
                log.send(submit).toCompletableFuture().join();
                log.send(submit).toCompletableFuture().join(); // a client retrying its submission
            }
            if (killOne) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.dispatchesSeen() > 40);
                OrchestratorReplica victim = replicas.get(replicaCount - 1);
                victim.abort(); // dies mid-stream; its pending commands are claimed by the others
                assertThat(victim.metrics().decisions()).as("the killed replica had been deciding").isPositive();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> allTerminal(log, workload));
            // Everything is decided and acknowledged: retention may drop every command, and must keep nothing back.
            var admin = redis.connect().sync();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                replicas.get(0).trimCommandStreams();
                for (int p = 0; p < PARTITIONS; p++) {
                    assertThat(admin.xlen(log.keys().commands(p))).isZero();
                }
            });
        } finally {
            for (int i = 0; i < replicas.size(); i++) {
                if (!(killOne && i == replicaCount - 1)) {
                    replicas.get(i).close();
                }
            }
        }
        try (RedisEventLog reader = RedisEventLog.connect(redis.client(),
                new KeyLayout(prefix, new PartitionScheme(PARTITIONS)), EventCodec.standard())) {
            return collect(reader, workload);
        }
    }

    private static boolean allTerminal(EventLog log, List<WorkflowDefinition> workload) {
        for (WorkflowDefinition wf : workload) {
            List<EventEnvelope<WorkflowEvent>> events = log.readWorkflow(wf.workflowId(), 0).toCompletableFuture()
                    .join();
            if (events.isEmpty() || !WorkflowEvolver.fold(wf.workflowId(), events).status().isTerminal()) {
                return false;
            }
        }
        return true;
    }

    private static Run collect(EventLog log, List<WorkflowDefinition> workload) {
        Run run = new Run();
        for (WorkflowDefinition wf : workload) {
            List<EventEnvelope<WorkflowEvent>> events = log.readWorkflow(wf.workflowId(), 0).toCompletableFuture()
                    .join();
            WorkflowState state = WorkflowEvolver.fold(wf.workflowId(), events); // also checks contiguous versions
            Map<String, Integer> dispatches = new HashMap<>();
            int terminalEvents = 0;
            for (var e : events) {
                if (e.payload() instanceof TaskDispatched d) {
                    dispatches.merge(d.taskId() + "#" + d.attempt(), 1, Integer::sum);
                    if (d.attempt() > 1) {
                        run.retriesSeen++;
                    }
                }
                if (e.payload() instanceof WorkflowCompleted || e.payload() instanceof WorkflowFailed
                        || e.payload() instanceof WorkflowCancelled) {
                    terminalEvents++;
                }
            }
            assertThat(terminalEvents).as("terminal events of %s", wf.workflowId()).isEqualTo(1);
            assertThat(events.get(events.size() - 1).payload()).as("last event of %s", wf.workflowId())
                    .isInstanceOfAny(WorkflowCompleted.class, WorkflowFailed.class, WorkflowCancelled.class);
            dispatches.forEach((k, n) -> {
                if (n > 1) {
                    run.duplicateDispatches.add(k + " ×" + n);
                }
            });
            StringBuilder outcome = new StringBuilder(state.status().name());
            for (TaskState task : state.tasksInOrder()) {
                outcome.append(' ').append(task.name()).append('=').append(task.status())
                        .append('@').append(task.attemptsMade());
                if (task.result() != null) {
                    outcome.append(':').append(task.result());
                }
            }
            run.outcomes.put(wf.workflowId(), outcome.toString());
        }
        return run;
    }

    /**
     * What the simulated service does: some attempts fail retryably and succeed on a later attempt; in workflows
     * with the {@code continue} strategy some tasks fail for good. Deterministic, so every run ends the same.
     */
    private static Outcome behaviour(String taskId, int attempt) {
        int h = Math.floorMod(taskId.hashCode(), 100);
        if (taskId.startsWith("cont-") && h < 8) {
            return Outcome.FAIL_PERMANENTLY;
        }
        if (h >= 80 && attempt == 1) {
            return Outcome.FAIL_RETRYABLE;
        }
        return Outcome.COMPLETE;
    }

    /** Random DAGs: each task depends on up to three earlier tasks. */
    private static List<WorkflowDefinition> randomWorkload(Random random) {
        List<WorkflowDefinition> out = new ArrayList<>();
        for (int w = 0; w < WORKFLOWS; w++) {
            boolean cont = random.nextBoolean();
            String id = (cont ? "cont-" : "stop-") + w;
            Workflows.Builder b = Workflows.workflow(id).name("random " + w)
                    .errorStrategy(cont ? ErrorStrategy.CONTINUE : ErrorStrategy.STOP);
            int tasks = 2 + random.nextInt(9);
            for (int t = 0; t < tasks; t++) {
                List<String> deps = new ArrayList<>();
                for (int d = 0; d < t && deps.size() < 3; d++) {
                    if (random.nextInt(3) == 0) {
                        deps.add("t" + d);
                    }
                }
                b.function("t" + t, "noop", task -> task.dependsOn(deps.toArray(String[]::new))
                        .retries(3, Duration.ofMillis(10)));
            }
            out.add(b.build());
        }
        return out;
    }

    private static final class Run {
        final Map<String, String> outcomes = new TreeMap<>();
        final List<String> duplicateDispatches = new ArrayList<>();
        int retriesSeen;
    }
}
