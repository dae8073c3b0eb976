package io.gleitzeit.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole machine's CPU counters from the first line of {@code /proc/stat} (Linux): busy and total clock ticks over
 * every core since boot. Two readings tell how many cores were busy in between, ours or anyone's — on a shared
 * machine the other processes' share matters for reading a benchmark.
 *
 * @param busyTicks  ticks spent not idle (user, nice, system, irq, softirq, steal)
 * @param totalTicks all ticks, idle and I/O wait included
 */
record MachineCpu(long busyTicks, long totalTicks) {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The counters now; empty off Linux. */
    static Optional<MachineCpu> read() {
        try {
            for (String line : Files.readAllLines(PROC_STAT)) {
                if (line.startsWith("cpu ")) {
                    return Optional.of(parse(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: the report goes without machine figures
        }
        return Optional.empty();
    }

    /** {@code cpu  user nice system idle iowait irq softirq steal [guest guest_nice]}. */
    static MachineCpu parse(String line) {
        String[] f = line.trim().split("\\s+");
        long total = 0;
        // guest and guest_nice are already counted in user and nice
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new MachineCpu(total - idle, total);
    }

    /** Busy cores on average between {@code before} and this reading, out of {@code cores}. */
    double busyCoresSince(MachineCpu before, int cores) {
        long total = totalTicks - before.totalTicks;
        return total <= 0 ? 0 : cores * (double) (busyTicks - before.busyTicks) / total;
    }
}
