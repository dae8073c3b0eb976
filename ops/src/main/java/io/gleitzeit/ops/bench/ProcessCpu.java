package io.gleitzeit.ops.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * A process whose CPU time a run measures: user plus system time so far, as the operating system counts it
 * ({@link ProcessHandle.Info#totalCpuDuration()}, from {@code /proc/<pid>/stat} on Linux).
 *
 * @param component what runs in it, for the report (e.g. {@code node-1})
 * @param pid       its process id
 */
record ProcessCpu(String component, long pid) {

    /** This JVM. */
    static ProcessCpu self(String component) {
        return new ProcessCpu(component, ProcessHandle.current().pid());
    }

    /** CPU time used so far; empty when the process is gone or the platform does not tell. */
    Optional<Duration> total() {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration());
    }
}
