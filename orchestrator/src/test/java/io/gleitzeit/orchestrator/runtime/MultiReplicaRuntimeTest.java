package io.gleitzeit.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
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
import io.gleitzeit.orchestrator.runtime.SimulatedFleet.Outcome;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replicas deciding on the same streams, with duplicated and reordered reports and a replica killed
 * mid-stream (aborted in this JVM, or a replica process killed with SIGKILL), end exactly where one replica ends:
 * same workflow and task outcomes, one dispatch per (task, attempt), no task completed twice, nothing stuck,
 * versions contiguous.
 */
@RedisTest
class MultiReplicaRuntimeTest {
    private static final int PARTITIONS = 4;
    private static final int WORKFLOWS = 60;
    private static final long SEED = 20261126L;
    /** The one-replica run every fault run is compared with (deterministic: computed once per class). */
    private static Run singleRun;

    /** How a replica dies in a run. */
    private enum Fault { NONE, ABORT_IN_PROCESS, SIGKILL_PROCESS }

    @TempDir
    Path logs;

    @Test
    void threeReplicasWithOneKilledEndInTheSameStatesAsOne(TestRedis redis) throws Exception {
        List<WorkflowDefinition> workload = randomWorkload(new Random(SEED));
        BiFunction<String, Integer, Outcome> behaviour = MultiReplicaRuntimeTest::behaviour;

        Run single = singleReplicaRun(redis, workload);
        Run multi = run(redis, redis.prefix() + "three:", workload, behaviour, 3, Fault.ABORT_IN_PROCESS);

        assertThat(single.outcomes).hasSize(WORKFLOWS);
        assertThat(multi.outcomes).isEqualTo(single.outcomes);
        assertThat(single.outcomes.values()).anyMatch(o -> o.startsWith("COMPLETED"))
                .anyMatch(o -> o.startsWith("FAILED"));
        for (Run run : List.of(single, multi)) {
            assertThat(run.duplicateDispatches).as("(task, attempt) dispatched more than once").isEmpty();
            assertThat(run.duplicateCompletions).as("tasks completed more than once").isEmpty();
        }
        assertThat(multi.retriesSeen).as("the workload exercises retries").isPositive();
    }

    @Test
    void aReplicaProcessKilledWithSigkillMidStreamLeavesItsWorkToTheOthers(TestRedis redis) throws Exception {
        List<WorkflowDefinition> workload = randomWorkload(new Random(SEED));
        BiFunction<String, Integer, Outcome> behaviour = MultiReplicaRuntimeTest::behaviour;

        Run single = singleReplicaRun(redis, workload);
        Run killed = run(redis, redis.prefix() + "procs:", workload, behaviour, 3, Fault.SIGKILL_PROCESS);

        assertThat(killed.outcomes).hasSize(WORKFLOWS).isEqualTo(single.outcomes);
        assertThat(killed.duplicateDispatches).as("(task, attempt) dispatched more than once").isEmpty();
        assertThat(killed.duplicateCompletions).as("tasks completed more than once").isEmpty();
        assertThat(killed.producers).as("the killed process had been deciding, the survivors took over")
                .contains("r0", "r1", "r2");
    }

    private synchronized Run singleReplicaRun(TestRedis redis, List<WorkflowDefinition> workload) throws Exception {
        if (singleRun == null) {
            singleRun = run(redis, redis.prefix() + "one:", workload, MultiReplicaRuntimeTest::behaviour, 1,
                    Fault.NONE);
        }
        return singleRun;
    }

    /** One run: start replicas, submit everything, answer dispatches, wait until every workflow is terminal. */
    private Run run(TestRedis redis, String prefix, List<WorkflowDefinition> workload,
                    BiFunction<String, Integer, Outcome> behaviour, int replicaCount, Fault fault)
            throws Exception {
        boolean killOne = fault != Fault.NONE;
        String redisUri = "redis://" + redis.uri().getHost() + ":" + redis.uri().getPort();
        List<OrchestratorReplica> replicas = new ArrayList<>();
        List<ReplicaProcess> processes = new ArrayList<>();
        // The victim (the last replica) starts first and alone, so it surely holds work when it dies: Redis hands
        // entries to whichever consumer asks first, and a late starter on a busy machine may otherwise get none.
        int victim = replicaCount - 1;
        OrchestratorReplica inProcessVictim = null;
        ReplicaProcess processVictim = null;
        if (fault == Fault.SIGKILL_PROCESS) {
            processVictim = ReplicaProcess.start(redisUri, prefix, PARTITIONS, "r" + victim,
                    logs.resolve("r" + victim + ".log"));
            processes.add(processVictim);
        } else if (fault == Fault.ABORT_IN_PROCESS) {
            inProcessVictim = startInProcess(redis, prefix, victim);
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
                String victimId = "r" + victim;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> hasDecided(log, workload, victimId));
            }
            for (int i = 0; i < (killOne ? replicaCount - 1 : replicaCount); i++) {
                if (fault == Fault.SIGKILL_PROCESS && i > 0) {
                    processes.add(ReplicaProcess.start(redisUri, prefix, PARTITIONS, "r" + i,
                            logs.resolve("r" + i + ".log")));
                } else {
                    replicas.add(startInProcess(redis, prefix, i));
                }
            }
            if (killOne) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.dispatchesSeen() > 40);
                if (processVictim != null) {
                    processVictim.kill(); // SIGKILL mid-stream: no shutdown hook, nothing acknowledged
                } else {
                    inProcessVictim.abort(); // dies mid-stream; its pending commands are claimed by the others
                }
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
            replicas.forEach(OrchestratorReplica::close);
            for (ReplicaProcess process : processes) {
                process.close();
            }
        }
        try (RedisEventLog reader = RedisEventLog.connect(redis.client(),
                new KeyLayout(prefix, new PartitionScheme(PARTITIONS)), EventCodec.standard())) {
            return collect(reader, workload);
        }
    }

    private static OrchestratorReplica startInProcess(TestRedis redis, String prefix, int index) {
        OrchestratorReplica replica = new OrchestratorReplica(redis.client(),
                ReplicaProcess.options("r" + index, prefix, PARTITIONS), ReplicaProcess.simulatedRouting());
        replica.start().toCompletableFuture().join();
        return replica;
    }

    /** Whether {@code replicaId} has appended any event to the workload's workflows. */
    private static boolean hasDecided(EventLog log, List<WorkflowDefinition> workload, String replicaId) {
        for (WorkflowDefinition wf : workload) {
            if (log.readWorkflow(wf.workflowId(), 0).toCompletableFuture().join().stream()
                    .anyMatch(e -> replicaId.equals(e.producer()))) {
                return true;
            }
        }
        return false;
    }

    static boolean allTerminal(EventLog log, List<WorkflowDefinition> workload) {
        for (WorkflowDefinition wf : workload) {
            List<EventEnvelope<WorkflowEvent>> events = log.readWorkflow(wf.workflowId(), 0).toCompletableFuture()
                    .join();
            if (events.isEmpty() || !WorkflowEvolver.fold(wf.workflowId(), events).status().isTerminal()) {
                return false;
            }
        }
        return true;
    }

    static Run collect(EventLog log, List<WorkflowDefinition> workload) {
        Run run = new Run();
        for (WorkflowDefinition wf : workload) {
            List<EventEnvelope<WorkflowEvent>> events = log.readWorkflow(wf.workflowId(), 0).toCompletableFuture()
                    .join();
            WorkflowState state = WorkflowEvolver.fold(wf.workflowId(), events); // also checks contiguous versions
            Map<String, Integer> dispatches = new HashMap<>();
            Map<String, Integer> completions = new HashMap<>();
            int terminalEvents = 0;
            for (var e : events) {
                run.producers.add(e.producer());
                if (e.payload() instanceof TaskCompleted c) {
                    completions.merge(c.taskId(), 1, Integer::sum);
                }
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
            completions.forEach((k, n) -> {
                if (n > 1) {
                    run.duplicateCompletions.add(k + " ×" + n);
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
    static Outcome behaviour(String taskId, int attempt) {
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
    static List<WorkflowDefinition> randomWorkload(Random random) {
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

    static final class Run {
        final Map<String, String> outcomes = new TreeMap<>();
        final List<String> duplicateDispatches = new ArrayList<>();
        final List<String> duplicateCompletions = new ArrayList<>();
        final java.util.Set<String> producers = new java.util.TreeSet<>();
        int retriesSeen;
    }
}
