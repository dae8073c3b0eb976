package io.gleitzeit.ops.soak;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.WorkflowDocument;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.client.WorkflowSnapshot;
import io.gleitzeit.ops.bench.BenchKeys;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One soak run: orchestrator nodes and Java function services as child processes ({@link ChildProcess}) on one Redis,
 * a client keeping a mixed load ({@link SoakLoad}) in flight for the run's duration, a random node and a random
 * service SIGKILLed and restarted at the configured intervals, then a drain, an audit of the streams
 * ({@link EffectAudit}) and the figures ({@link SoakReport}).
 */
public final class Soak {
    private static final Duration CHILD_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration MEMORY_SAMPLE_INTERVAL = Duration.ofSeconds(5);
    private static final String NODE_READY = "running: hub on";
    private static final String SERVICE_READY = "connecting to";

    private final SoakOptions options;
    private final PrintWriter progress;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "gzsoak:" + runId + ":";
    private final List<ChildProcess> nodes = new ArrayList<>();
    private final List<ChildProcess> services = new ArrayList<>();
    private final Map<String, CompletableFuture<String>> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> latencyMicros = new ConcurrentLinkedQueue<>();
    private final AtomicInteger replicaKills = new AtomicInteger();
    private final AtomicInteger serviceKills = new AtomicInteger();
    private final AtomicLong peakNodeRss = new AtomicLong();
    private final AtomicLong peakServiceRss = new AtomicLong();
    private final AtomicLong peakRedisMemory = new AtomicLong();
    private volatile boolean submitting = true;

    private Soak(SoakOptions options, PrintWriter progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs a soak and returns its figures; progress lines (kills, restarts) go to {@code progress}. */
    public static SoakReport run(SoakOptions options, PrintWriter progress) throws Exception {
        return new Soak(options, progress).run();
    }

    private SoakReport run() throws Exception {
        Files.createDirectories(options.workDirectory());
        LocalRedisServer localRedis = options.redisUrl() == null
                ? LocalRedisServer.start(LocalRedisOptions.newBuilder()
                        .logFile(options.workDirectory().resolve("redis.log")).build())
                : null;
        String redisUrl = localRedis != null ? localRedis.url() : options.redisUrl();
        RedisConnector redis = RedisConnector.open(redisUrl);
        ScheduledExecutorService faults = Executors.newScheduledThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "soak-faults");
            thread.setDaemon(true);
            return thread;
        });
        GleitzeitClient client = null;
        try (RedisLink admin = redis.connect()) {
            List<String> hubUrls = startNodes(redisUrl);
            startServices(hubUrls);
            client = GleitzeitClient.connect(ClientOptions.newBuilder().hubUrls(hubUrls)
                    .requestTimeout(Duration.ofSeconds(20)).reconnectBackoff(Duration.ofMillis(100),
                            Duration.ofSeconds(1)).build());
            log("soak %s: %d nodes, %d services, Redis %s, prefix %s, logs in %s", runId, nodes.size(),
                    services.size(), redisUrl, prefix, options.workDirectory());
            scheduleFaults(faults, admin);
            long started = System.nanoTime();
            long submitted = submit(client);
            Duration ran = Duration.ofNanos(System.nanoTime() - started);
            faults.shutdownNow();
            faults.awaitTermination(2, TimeUnit.MINUTES);
            log("submitted %d workflows; draining (at most %d s)", submitted, options.drainTimeout().toSeconds());
            Counts counts = drain(client);
            EffectAudit.Result audit = EffectAudit.read(admin.sync(), prefix, options.partitions());
            sampleMemory(admin);
            long redisEnd = redisUsedMemory(admin);
            List<Long> sorted = latencyMicros.stream().sorted().toList();
            return new SoakReport(ran, submitted, counts.completed, counts.failed,
                    submitted - counts.completed - counts.failed, audit.duplicateTasks(), audit.completions(),
                    audit.discardedLateResults(), audit.redispatchedAttempts(), replicaKills.get(),
                    serviceKills.get(), percentileMillis(sorted, 0.50), percentileMillis(sorted, 0.99),
                    peakNodeRss.get(), peakServiceRss.get(), peakRedisMemory.get(), redisEnd);
        } finally {
            faults.shutdownNow();
            if (client != null) {
                client.close();
            }
            for (ChildProcess child : services) {
                child.close();
            }
            for (ChildProcess child : nodes) {
                child.close();
            }
            if (localRedis != null) {
                localRedis.close();
            } else {
                try (RedisLink admin = redis.connect()) {
                    BenchKeys.delete(admin, prefix);
                }
            }
            redis.close();
        }
    }

    private List<String> startNodes(String redisUrl) throws IOException, InterruptedException {
        List<String> hubUrls = new ArrayList<>();
        for (int i = 1; i <= options.nodes(); i++) {
            // Fixed ports, so that a restarted node is found where the services and the client expect it.
            int hubPort = freePort();
            int httpPort = freePort();
            nodes.add(ChildProcess.start("node-" + i, List.of("orchestrator", "--redis", redisUrl,
                    "--prefix", prefix, "--partitions", Integer.toString(options.partitions()),
                    "--replica-id", "soak-" + runId + "-node-" + i, "--host", "127.0.0.1",
                    "--port", Integer.toString(hubPort), "--http-port", Integer.toString(httpPort),
                    "--heartbeat-timeout", "25", "--disconnect-grace", "1"), NODE_READY,
                    options.workDirectory().resolve("node-" + i + ".log"), CHILD_START_TIMEOUT));
            hubUrls.add("http://127.0.0.1:" + hubPort);
        }
        return hubUrls;
    }

    private void startServices(List<String> hubUrls) throws IOException, InterruptedException {
        for (int i = 1; i <= options.services(); i++) {
            List<String> arguments = new ArrayList<>(List.of("service", "functions", "--name", "soak-functions",
                    "--max-concurrent", "16"));
            // Each service starts on a different hub and falls back to the others.
            for (int h = 0; h < hubUrls.size(); h++) {
                arguments.add("--hub");
                arguments.add(hubUrls.get((h + i - 1) % hubUrls.size()));
            }
            services.add(ChildProcess.start("service-" + i, arguments, SERVICE_READY,
                    options.workDirectory().resolve("service-" + i + ".log"), CHILD_START_TIMEOUT));
        }
    }

    private void scheduleFaults(ScheduledExecutorService faults, RedisLink admin) {
        if (!options.killReplicaEvery().isZero()) {
            long every = options.killReplicaEvery().toMillis();
            faults.scheduleWithFixedDelay(() -> killAndRestart(nodes, replicaKills), every, every,
                    TimeUnit.MILLISECONDS);
        }
        if (!options.killServiceEvery().isZero()) {
            long every = options.killServiceEvery().toMillis();
            faults.scheduleWithFixedDelay(() -> killAndRestart(services, serviceKills), every, every,
                    TimeUnit.MILLISECONDS);
        }
        long sample = MEMORY_SAMPLE_INTERVAL.toMillis();
        faults.scheduleAtFixedRate(() -> sampleMemory(admin), 0, sample, TimeUnit.MILLISECONDS);
    }

    private void killAndRestart(List<ChildProcess> group, AtomicInteger kills) {
        if (!submitting) {
            return;
        }
        ChildProcess victim = group.get(ThreadLocalRandom.current().nextInt(group.size()));
        try {
            long pid = victim.pid();
            victim.kill();
            kills.incrementAndGet();
            long restarting = System.nanoTime();
            victim.restart();
            log("killed %s (pid %d, SIGKILL); restarted as pid %d in %.1f s", victim.name(), pid, victim.pid(),
                    (System.nanoTime() - restarting) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log("could not restart %s: %s", victim.name(), e.getMessage());
        }
    }

    /** Keeps {@code inFlight} workflows running until the duration is over; returns how many were accepted. */
    private long submit(GleitzeitClient client) throws InterruptedException {
        SoakLoad load = new SoakLoad(runId);
        Semaphore slots = new Semaphore(options.inFlight());
        long end = System.nanoTime() + options.duration().toNanos();
        long n = 0;
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                continue;
            }
            WorkflowDocument document = load.workflow(n++);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            outcomes.put(document.workflowId().orElseThrow(), outcome);
            outcome.whenComplete((status, error) -> slots.release());
            submitUntilAccepted(client, document, outcome, System.nanoTime());
        }
        submitting = false;
        return n;
    }

    /**
     * Submits, and again on failure (the hub died mid-request): resubmitting under the same workflow id is
     * idempotent, so a submission the dead hub did append is not doubled.
     */
    private void submitUntilAccepted(GleitzeitClient client, WorkflowDocument document,
                                     CompletableFuture<String> outcome, long submittedAt) {
        WorkflowListener listener = new WorkflowListener() {
            @Override
            public void onCompleted(WorkflowCompletedNotice notice) {
                if (outcome.complete(notice.status())) {
                    latencyMicros.add((System.nanoTime() - submittedAt) / 1000);
                }
            }
        };
        client.submit(document, listener).whenComplete((id, error) -> {
            if (error != null && !outcome.isDone()) {
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)
                        .execute(() -> submitUntilAccepted(client, document, outcome, submittedAt));
            }
        });
    }

    private record Counts(long completed, long failed) {
    }

    /**
     * Waits for every workflow's outcome; those whose notice was missed (the hub holding the room died) are asked
     * for by status.
     */
    private Counts drain(GleitzeitClient client) throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            List<String> open = outcomes.entrySet().stream().filter(e -> !e.getValue().isDone())
                    .map(Map.Entry::getKey).toList();
            if (open.isEmpty()) {
                break;
            }
            for (String workflowId : open) {
                try {
                    WorkflowSnapshot snapshot = client.status(workflowId).get(20, TimeUnit.SECONDS);
                    if (snapshot.isFinished()) {
                        outcomes.get(workflowId).complete(snapshot.status());
                    }
                } catch (Exception e) {
                    // not known yet (its submission still being retried) or the hub is reconnecting: ask again
                }
            }
            Thread.sleep(1000);
        }
        long completed = outcomes.values().stream().filter(o -> "completed".equals(o.getNow(null))).count();
        long failed = outcomes.values().stream()
                .filter(o -> o.isDone() && !"completed".equals(o.getNow(null))).count();
        return new Counts(completed, failed);
    }

    private void sampleMemory(RedisLink admin) {
        peakNodeRss.accumulateAndGet(rss(nodes), Math::max);
        peakServiceRss.accumulateAndGet(rss(services), Math::max);
        try {
            peakRedisMemory.accumulateAndGet(redisUsedMemory(admin), Math::max);
        } catch (RuntimeException e) {
            // Redis busy or reconnecting: the next sample counts
        }
    }

    private static long rss(List<ChildProcess> group) {
        return group.stream().mapToLong(child -> child.residentBytes().orElse(0)).sum();
    }

    private static long redisUsedMemory(RedisLink admin) {
        for (String line : admin.sync().info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        return 0;
    }

    private static double percentileMillis(List<Long> sortedMicros, double quantile) {
        if (sortedMicros.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sortedMicros.size() - 1, Math.ceil(quantile * sortedMicros.size()) - 1);
        return sortedMicros.get(Math.max(0, index)) / 1000.0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void log(String format, Object... args) {
        synchronized (progress) {
            progress.printf(Locale.ROOT, format + "%n", args);
            progress.flush();
        }
    }
}
