package io.gleitzeit.orchestrator.hub.dispatch;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the hub's dispatch did: assignments sent, re-sent, received, failed unacknowledged, and the latency from the
 * first {@code task:assign} to its receipt (the ack or any report), over the last {@value #WINDOW} receipts.
 */
public final class DispatchMetrics {
    static final int WINDOW = 4096;

    private final LongAdder sent = new LongAdder();
    private final LongAdder resent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder unacknowledged = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final long[] receiptMicros = new long[WINDOW];
    private long receipts;

    void sent(boolean again) {
        (again ? resent : sent).increment();
    }

    void queued() {
        queued.increment();
    }

    void failedUnacknowledged() {
        unacknowledged.increment();
    }

    synchronized void received(Duration latency) {
        received.increment();
        receiptMicros[(int) (receipts++ % WINDOW)] = latency.toNanos() / 1000;
    }

    public long sent() {
        return sent.sum();
    }

    public long resent() {
        return resent.sum();
    }

    public long received() {
        return received.sum();
    }

    /** Attempts failed as retryable because the service never acknowledged (or refused) them. */
    public long unacknowledged() {
        return unacknowledged.sum();
    }

    /** Dispatches that waited in the hub because their service had no free slot. */
    public long queuedLocally() {
        return queued.sum();
    }

    /** The {@code quantile} (0–1) of assign→receipt latency over the window, or zero before any receipt. */
    public synchronized Duration receiptLatency(double quantile) {
        int n = (int) Math.min(receipts, WINDOW);
        if (n == 0) {
            return Duration.ZERO;
        }
        long[] sorted = Arrays.copyOf(receiptMicros, n);
        Arrays.sort(sorted);
        int index = (int) Math.min(n - 1, Math.max(0, Math.ceil(quantile * n) - 1));
        return Duration.ofNanos(sorted[index] * 1000);
    }
}
