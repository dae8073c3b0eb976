package io.gleitzeit.ops.bench;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.PartitionTail;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.orchestrator.runtime.OrchestratorReplica;
import io.gleitzeit.orchestrator.runtime.ReplicaOptions;
import io.gleitzeit.orchestrator.runtime.RoutingSource;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One benchmark run on the core path: replicas decide, a {@link StreamResponder} answers, Redis calls are the
 * difference of two {@code INFO commandstats} readings. Keys live under a prefix of their own and are deleted after.
 */
public final class CoreBenchmark {
    private static final String SERVICE = "bench-responder";
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    private final String redisUrl;
    private final Workload workload;
    private final int replicaCount;
    private final int partitions;
    private final int workflowCount;

    public CoreBenchmark(String redisUrl, Workload workload, int replicaCount, int partitions) {
        this(redisUrl, workload, workload.defaultWorkflows(), replicaCount, partitions);
    }

    /** A run of {@code workflowCount} workflows of {@code workload}'s shape. */
    public CoreBenchmark(String redisUrl, Workload workload, int workflowCount, int replicaCount, int partitions) {
        if (workflowCount < 1) {
            throw new IllegalArgumentException("workflowCount must be at least 1, was " + workflowCount);
        }
        this.workflowCount = workflowCount;
        this.redisUrl = redisUrl;
        this.workload = workload;
        this.replicaCount = replicaCount;
        this.partitions = partitions;
    }

    public BenchReport run() throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "gzbench:" + runId + ":";
        List<WorkflowDefinition> workflows = workload.workflows(runId, workflowCount);
        int tasks = workflows.stream().mapToInt(w -> w.tasks().size()).sum();
        RedisConnector client = RedisConnector.open(redisUrl);
        RoutingSource routing = RoutingSource.fixed(RoutingSnapshot.of(ServiceCandidate
                .newBuilder(SERVICE, SERVICE, "bench").serviceType("function")
                .taskTypes("python_execution").maxConcurrent(Integer.MAX_VALUE / 2).build()));
        List<OrchestratorReplica> replicas = new ArrayList<>();
        try (RedisLink admin = client.connect();
             RedisEventLog log = RedisEventLog.connect(client, new KeyLayout(prefix, new PartitionScheme(partitions)),
                     EventCodec.standard())) {
            for (int i = 0; i < replicaCount; i++) {
                OrchestratorReplica replica = new OrchestratorReplica(client, ReplicaOptions.newBuilder()
                        .replicaId("bench-" + i).keyPrefix(prefix).partitions(partitions).build(), routing);
                replica.start().toCompletableFuture().join();
                replicas.add(replica);
            }
            PartitionTail tail = new PartitionTail(client, log.keys(), log.decoder(), StreamPosition.LATEST);
            try (StreamResponder responder = new StreamResponder(log, tail, SERVICE)) {
                // One unmeasured round first, so the figures are of a warm JVM, not of the JIT compiler.
                List<WorkflowDefinition> warmUp = workload.workflows(runId + "-warm", workflowCount);
                submitAndAwait(log, responder, warmUp, 0);
                responder.resetFigures();
                CpuMeter cpu = new CpuMeter(List.of(ProcessCpu.self("bench: " + replicaCount
                        + " replica(s), responder")), admin);
                RedisCommandStats before = RedisCommandStats.read(admin);
                cpu.start();
                Instant start = Instant.now();
                submitAndAwait(log, responder, workflows, warmUp.size());
                Duration elapsed = Duration.between(start, Instant.now());
                CpuReport cpuUsed = cpu.stop(elapsed);
                RedisCommandStats used = RedisCommandStats.read(admin).minus(before);
                int finished = responder.finishedWorkflows() - warmUp.size();
                int notCompleted = workflows.size() - finished + responder.failedWorkflows();
                return new BenchReport(workload, workflows.size(), tasks, notCompleted, elapsed,
                        List.copyOf(responder.endToEndMicros), hops(responder), used, cpuUsed);
            } finally {
                replicas.forEach(OrchestratorReplica::close);
                BenchKeys.delete(admin, prefix);
            }
        } finally {
            client.close();
        }
    }

    private static Map<String, List<Long>> hops(StreamResponder responder) {
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        hops.put("dispatch → service sees it", List.copyOf(responder.dispatchToServiceMicros));
        hops.put("report → decided and appended", List.copyOf(responder.reportToDecisionMicros));
        return hops;
    }

    /** Submits the workflows and waits until the responder has seen {@code alreadyFinished + n} of them end. */
    private static void submitAndAwait(RedisEventLog log, StreamResponder responder, List<WorkflowDefinition> batch,
                                       int alreadyFinished) throws InterruptedException {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (WorkflowDefinition wf : batch) {
            Instant now = Instant.now();
            responder.submitted(wf.workflowId(), now);
            sends.add(log.send(new CommandEnvelope("submit:" + wf.workflowId(), wf.workflowId(), now,
                    "bench", wf.workflowId(), new SubmitWorkflow(wf, "bench"))).toCompletableFuture());
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
        while (responder.finishedWorkflows() < alreadyFinished + batch.size() && Instant.now().isBefore(deadline)) {
            Thread.sleep(2);
        }
    }
}
