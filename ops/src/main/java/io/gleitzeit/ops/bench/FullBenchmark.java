package io.gleitzeit.ops.bench;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowDocument;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.services.sdk.GleitzeitServiceClient;
import io.gleitzeit.services.sdk.ServiceOptions;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One benchmark run through the whole path: orchestrator nodes (replica and hub each; in this JVM or as separate
 * {@code gleitzeit orchestrator} processes, {@link FullBenchmarkOptions.NodePlacement}), function services of the
 * Java SDK in this JVM spread over them, one client per node submitting over Socket.IO and following each workflow's
 * room. Every task is a no-op function call. Keys live under a prefix of their own and are deleted after; Redis calls
 * are the difference of two {@code INFO commandstats} readings around the measured round (summed over a cluster's
 * primaries), CPU per process and Redis's own {@code INFO cpu} likewise.
 */
public final class FullBenchmark {
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    private final FullBenchmarkOptions options;

    public FullBenchmark(FullBenchmarkOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options");
    }

    public BenchReport run() throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "gzbench:" + runId + ":";
        Workload workload = options.workload();
        RedisConnector redis = RedisConnector.open(options.redisUrl());
        List<AutoCloseable> started = new ArrayList<>();
        BenchService handler = new BenchService();
        try (RedisLink admin = redis.connect()) {
            BenchNodes nodes = options.placement() == FullBenchmarkOptions.NodePlacement.PROCESSES
                    ? NodeProcesses.start(options.redisUrl(), runId, prefix, options.nodes(), options.partitions(),
                            options.workDirectory())
                    : NodesInProcess.start(redis, runId, prefix, options.nodes(), options.partitions());
            started.add(nodes);
            List<String> hubs = nodes.hubUrls();
            for (int i = 0; i < options.services(); i++) {
                GleitzeitServiceClient service = GleitzeitServiceClient.newBuilder(ServiceOptions.newBuilder()
                        .hubUrl(hubs.get(i % hubs.size())).name("bench-functions")
                        .serviceType(BenchService.serviceType()).taskTypes(BenchService.taskTypes())
                        .functions(List.of(Workload.NOOP)).maxConcurrent(options.serviceConcurrency()).build(),
                        handler).build();
                started.add(service);
                service.start();
                awaitRegistered(service);
            }
            List<GleitzeitClient> clients = new ArrayList<>();
            for (String hub : hubs) {
                GleitzeitClient client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl(hub)
                        .requestTimeout(Duration.ofMinutes(2)).build());
                started.add(client);
                clients.add(client);
            }
            List<WorkflowDocument> all = workload.documents(runId, options.workflows());
            // One unmeasured round first (a tenth of the workload), so the figures are of a warm JVM.
            List<WorkflowDocument> warmUp = workload.documents(runId + "-warm", Math.max(1, all.size() / 10));
            new Round(clients, handler, false).run(warmUp);
            handler.measure();
            List<ProcessCpu> processes = new ArrayList<>(nodes.processes());
            processes.add(ProcessCpu.self(nodes.benchJvmComponent()));
            CpuMeter cpu = new CpuMeter(processes, admin);
            RedisCommandStats before = RedisCommandStats.read(admin);
            cpu.start();
            Round round = new Round(clients, handler, true);
            Instant start = Instant.now();
            round.run(all);
            Duration elapsed = Duration.between(start, Instant.now());
            CpuReport cpuUsed = cpu.stop(elapsed);
            RedisCommandStats used = RedisCommandStats.read(admin).minus(before);
            int tasks = all.stream().mapToInt(d -> d.taskNames().size()).sum();
            Map<String, List<Long>> hops = new LinkedHashMap<>();
            hops.put("client submit → hub ack", List.copyOf(round.submitAckMicros));
            hops.put("dispatch decided → service runs it", List.copyOf(handler.dispatchToServiceMicros));
            hops.put("service returns → completion appended", List.copyOf(round.returnToAppendMicros));
            hops.put("completion appended → client notified", List.copyOf(round.appendToClientMicros));
            return new BenchReport(workload, all.size(), tasks, all.size() - round.completed.get(), elapsed,
                    List.copyOf(round.endToEndMicros), hops, used, cpuUsed);
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
            try (RedisLink admin = redis.connect()) {
                BenchKeys.delete(admin, prefix);
            }
            redis.close();
        }
    }

    private static void awaitRegistered(GleitzeitServiceClient service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!service.status().registered()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a bench service did not register within 30 s");
            }
            Thread.sleep(10);
        }
    }

    /** Submits a batch of workflows over the clients in turn and waits until every one has finished. */
    private static final class Round {
        final ConcurrentLinkedQueue<Long> endToEndMicros = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> submitAckMicros = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> returnToAppendMicros = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> appendToClientMicros = new ConcurrentLinkedQueue<>();
        final AtomicInteger completed = new AtomicInteger();
        private final List<GleitzeitClient> clients;
        private final BenchService handler;
        private final boolean measured;

        Round(List<GleitzeitClient> clients, BenchService handler, boolean measured) {
            this.clients = clients;
            this.handler = handler;
            this.measured = measured;
        }

        void run(List<WorkflowDocument> batch) throws InterruptedException {
            List<CompletableFuture<WorkflowCompletedNotice>> outcomes = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<WorkflowCompletedNotice> outcome = new CompletableFuture<>();
                outcomes.add(outcome);
                long submitted = System.nanoTime();
                clients.get(i % clients.size()).submit(batch.get(i), listener(submitted, outcome))
                        .whenComplete((id, error) -> {
                            if (error != null) {
                                outcome.completeExceptionally(error);
                            } else if (measured) {
                                submitAckMicros.add((System.nanoTime() - submitted) / 1000);
                            }
                        });
            }
            try {
                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                        .get(GIVE_UP_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Counted below: workflows without a completed outcome are reported as not completed.
            }
        }

        private WorkflowListener listener(long submitted, CompletableFuture<WorkflowCompletedNotice> outcome) {
            return new WorkflowListener() {
                @Override
                public void onTaskCompleted(TaskCompletedNotice notice) {
                    if (!measured) {
                        return;
                    }
                    Instant now = Instant.now();
                    Instant returned = handler.returnedAt.remove(notice.taskId());
                    if (notice.timestamp() != null) {
                        if (returned != null) {
                            returnToAppendMicros.add(Duration.between(returned, notice.timestamp()).toNanos() / 1000);
                        }
                        appendToClientMicros.add(Duration.between(notice.timestamp(), now).toNanos() / 1000);
                    }
                }

                @Override
                public void onCompleted(WorkflowCompletedNotice notice) {
                    if (measured) {
                        endToEndMicros.add((System.nanoTime() - submitted) / 1000);
                        if ("completed".equals(notice.status())) {
                            completed.incrementAndGet();
                        }
                    }
                    outcome.complete(notice);
                }
            };
        }
    }
}
