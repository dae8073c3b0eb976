package io.gleitzeit.orchestrator.runtime;

import io.gleitzeit.orchestrator.decider.Decision;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one replica's decision work: what the benchmark prints and what the metrics endpoint will export.
 * Thread-safe.
 */
public final class RuntimeMetrics {
    private final LongAdder decisions = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder timersFired = new LongAdder();

    void decided(Decision decision, int eventCount) {
        decisions.increment();
        events.add(eventCount);
    }

    void ignored() {
        ignored.increment();
    }

    void conflict() {
        conflicts.increment();
    }

    void timersFired(int count) {
        timersFired.add(count);
    }

    /** Commands that led to an append. */
    public long decisions() {
        return decisions.sum();
    }

    /** Events appended. */
    public long events() {
        return events.sum();
    }

    /** Commands whose effect was already in the state (duplicates, stale reports). */
    public long ignoredCommands() {
        return ignored.sum();
    }

    /** Appends that lost a race with another replica and were decided again. */
    public long versionConflicts() {
        return conflicts.sum();
    }

    /** Timers this replica moved to command streams. */
    public long timersFired() {
        return timersFired.sum();
    }
}
