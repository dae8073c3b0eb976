package io.gleitzeit.ops.soak;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A soak run's figures. {@code lost} counts workflows that were accepted but reached no terminal status by the end of
 * the drain; {@code duplicateEffects} tasks with more than one effective completion in the streams. Memory: peak
 * resident set size over the run's samples, summed per role, and Redis {@code used_memory}.
 */
public record SoakReport(Duration ran, long submitted, long completed, long failed, long lost,
                         long duplicateEffects, long taskCompletions, long discardedLateResults,
                         long redispatchedAttempts, int replicaKills, int serviceKills, double p50Millis,
                         double p99Millis, long peakNodeRssBytes, long peakServiceRssBytes,
                         long redisUsedMemoryPeakBytes, long redisUsedMemoryEndBytes) {

    /** Whether the run shows no loss and no duplicate effect. */
    public boolean passed() {
        return lost == 0 && duplicateEffects == 0;
    }

    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "soak: %d s, %d replica kills, %d service kills%n", ran.toSeconds(), replicaKills,
                serviceKills);
        out.printf(Locale.ROOT, "workflows: submitted %d, completed %d, failed %d, lost %d%n", submitted, completed,
                failed, lost);
        out.printf(Locale.ROOT, "tasks: %d effective completions, duplicate effects %d, late results discarded %d, "
                + "re-dispatched attempts %d%n", taskCompletions, duplicateEffects, discardedLateResults,
                redispatchedAttempts);
        out.printf(Locale.ROOT, "end-to-end latency: p50 %.1f ms, p99 %.1f ms%n", p50Millis, p99Millis);
        out.printf(Locale.ROOT, "memory: nodes RSS peak %s, services RSS peak %s, Redis used_memory peak %s, "
                + "at end %s%n", mib(peakNodeRssBytes), mib(peakServiceRssBytes), mib(redisUsedMemoryPeakBytes),
                mib(redisUsedMemoryEndBytes));
        out.println(passed() ? "result: PASS (nothing lost, no duplicate effect)"
                : "result: FAIL (lost or duplicated work)");
        out.flush();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
