package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.log.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves due timers (retry backoffs, timeouts) of every partition to the command streams, where the decider acts on
 * them. Every replica polls; the move is one atomic script per partition, so each timer fires exactly once however
 * many replicas race for it.
 */
final class TimerPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimerPoller.class);
    static final int BATCH = 500;

    private final TimerStore timers;
    private final int partitions;
    private final Clock clock;
    private final Duration interval;
    private final RuntimeMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean running = new AtomicBoolean();

    TimerPoller(TimerStore timers, int partitions, Clock clock, Duration interval, RuntimeMetrics metrics,
                String threadName) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.partitions = partitions;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        if (running.compareAndSet(false, true)) {
            scheduler.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Fires what is due in every partition; a full batch is followed at once by another. */
    void pollOnce() {
        if (!running.get()) {
            return;
        }
        for (int p = 0; p < partitions; p++) {
            try {
                int fired;
                do {
                    fired = timers.fireDue(p, clock.instant(), BATCH).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    metrics.timersFired(fired);
                } while (fired == BATCH && running.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // Redis away for a moment: the timers stay in place and fire on a later poll.
                LOG.warn("firing timers of partition {} failed: {}", p, e.toString());
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
