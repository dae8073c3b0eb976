package io.gleitzeit.orchestrator.runtime;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.gleitzeit.orchestrator.decider.Decision;

/**
 * Counters of one replica's decision work: what the benchmark prints and what {@code /metrics} exports. They live in
 * a Dropwizard registry of their own ({@link #registry()}), which the metrics component mounts under its prefix.
 * Thread-safe.
 */
public final class RuntimeMetrics {
    /** Names in {@link #registry()}. */
    public static final String DECISIONS = "decisions";
    public static final String EVENTS_APPENDED = "events_appended";
    public static final String IGNORED_COMMANDS = "ignored_commands";
    public static final String VERSION_CONFLICTS = "version_conflicts";
    public static final String TIMERS_FIRED = "timers_fired";

    private final MetricRegistry registry = new MetricRegistry();
    private final Counter decisions = registry.counter(DECISIONS);
    private final Counter events = registry.counter(EVENTS_APPENDED);
    private final Counter ignored = registry.counter(IGNORED_COMMANDS);
    private final Counter conflicts = registry.counter(VERSION_CONFLICTS);
    private final Counter timersFired = registry.counter(TIMERS_FIRED);

    void decided(Decision decision, int eventCount) {
        decisions.inc();
        events.inc(eventCount);
    }

    void ignored() {
        ignored.inc();
    }

    void conflict() {
        conflicts.inc();
    }

    void timersFired(int count) {
        timersFired.inc(count);
    }

    /** The counters, by the names above. */
    public MetricRegistry registry() {
        return registry;
    }

    /** Commands that led to an append. */
    public long decisions() {
        return decisions.getCount();
    }

    /** Events appended. */
    public long events() {
        return events.getCount();
    }

    /** Commands whose effect was already in the state (duplicates, stale reports). */
    public long ignoredCommands() {
        return ignored.getCount();
    }

    /** Appends that lost a race with another replica and were decided again. */
    public long versionConflicts() {
        return conflicts.getCount();
    }

    /** Timers this replica moved to command streams. */
    public long timersFired() {
        return timersFired.getCount();
    }
}
