package io.gleitzeit.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.testing.redis.LocalRedisCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Replicas on a real Redis Cluster (three primaries, three replicas) run the random workload of
 * {@link MultiReplicaRuntimeTest} to the end while the primary of a partition is failed over with
 * {@code CLUSTER FAILOVER}: every workflow ends once, no (task, attempt) is dispatched twice, no task completed twice.
 */
class ClusterRuntimeTest {
    private static final int PARTITIONS = 8;

    @Test
    void aPrimaryFailoverUnderLoadLosesNoWorkflow() throws Exception {
        List<WorkflowDefinition> workload = MultiReplicaRuntimeTest.randomWorkload(new Random(20261127L));
        String prefix = "gzrt:";
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3);
             RedisConnector connector = RedisConnector.open(cluster.uri())) {
            List<OrchestratorReplica> replicas = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                OrchestratorReplica replica = new OrchestratorReplica(connector,
                        ReplicaProcess.options("r" + i, prefix, PARTITIONS), ReplicaProcess.simulatedRouting());
                replica.start().toCompletableFuture().join();
                replicas.add(replica);
            }
            KeyLayout keys = new KeyLayout(prefix, new PartitionScheme(PARTITIONS));
            RedisEventLog log = RedisEventLog.connect(connector, keys, EventCodec.standard());
            PartitionTail tail = new PartitionTail(connector, keys, log.decoder(), StreamPosition.FIRST);
            try (log; SimulatedFleet fleet = new SimulatedFleet(log, tail, MultiReplicaRuntimeTest::behaviour, 7L,
                    0.3, 0.3)) {
                for (WorkflowDefinition wf : workload) {
                    log.send(new CommandEnvelope("submit:" + wf.workflowId(), wf.workflowId(), Instant.now(),
                            "test", wf.workflowId(), new SubmitWorkflow(wf, "test"))).toCompletableFuture().join();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.dispatchesSeen() > 40);
                int primary = cluster.primaryOf(keys.commands(0));
                int promoted = cluster.failover(primary);

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> MultiReplicaRuntimeTest.allTerminal(log, workload));
                MultiReplicaRuntimeTest.Run run = MultiReplicaRuntimeTest.collect(log, workload);

                assertThat(cluster.primaries()).contains(promoted).doesNotContain(primary);
                assertThat(run.outcomes).hasSize(workload.size());
                assertThat(run.duplicateDispatches).as("(task, attempt) dispatched more than once").isEmpty();
                assertThat(run.duplicateCompletions).as("tasks completed more than once").isEmpty();
            } finally {
                replicas.forEach(OrchestratorReplica::close);
            }
        }
    }
}
