package io.gleitzeit.orchestrator.hub.transport;

/**
 * One connection's token bucket: holds up to {@code burst} requests, refilled at {@code perSecond}. A request that
 * finds it empty is refused {@code rate_limited}. Thread-safe (over long-polling, a connection's events may arrive on
 * different threads).
 */
final class RequestBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private boolean limiting;

    RequestBucket(int perSecond, int burst, long nowNanos) {
        this.perNano = (double) perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** The outcome of one request: allowed, and whether this request started (or ended) a refused stretch. */
    enum Outcome { ALLOWED, REFUSED_FIRST, REFUSED }

    synchronized Outcome take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            limiting = false;
            return Outcome.ALLOWED;
        }
        // Log the first refusal of a stretch only: a flooding client must not flood the log too.
        Outcome outcome = limiting ? Outcome.REFUSED : Outcome.REFUSED_FIRST;
        limiting = true;
        return outcome;
    }
}
