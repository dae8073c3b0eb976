package io.gleitzeit.ops.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * CPU time per component over a measured round, and how busy the whole machine was meanwhile.
 *
 * @param uses         per component, in the order measured
 * @param elapsed      the round's wall-clock time
 * @param cores        the machine's cores (as this JVM sees them)
 * @param machineBusy  cores busy on average over the round, every process of the machine counted; NaN when unknown
 */
public record CpuReport(List<Use> uses, Duration elapsed, int cores, double machineBusy) {

    /**
     * One component's CPU time.
     *
     * @param component what it is ({@code node-1 (pid 4711)}, {@code redis-server})
     * @param cpu       user plus system time over the round
     */
    public record Use(String component, Duration cpu) {
        public Use {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(cpu, "cpu");
        }
    }

    public CpuReport {
        uses = List.copyOf(uses);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Nothing measured (a platform that tells no CPU times). */
    public static CpuReport none(Duration elapsed) {
        return new CpuReport(List.of(), elapsed, Runtime.getRuntime().availableProcessors(), Double.NaN);
    }

    /** Cores busy on average with the measured components. */
    public double measuredCores() {
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        return uses.stream().mapToDouble(u -> u.cpu().toNanos() / 1e9).sum() / seconds;
    }

    void print(PrintWriter out, int tasks) {
        if (uses.isEmpty()) {
            out.println("cpu: not measurable on this platform");
            return;
        }
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        out.println("cpu during the measured round (user + system; % of one core; per task):");
        for (Use use : uses) {
            double cpu = use.cpu().toNanos() / 1e9;
            out.printf("  %-44s %8.2f s %6.1f %% %8.3f ms/task%n", use.component(), cpu, 100 * cpu / seconds,
                    1000 * cpu / Math.max(1, tasks));
        }
        if (Double.isNaN(machineBusy)) {
            out.printf("machine: %d cores; measured components %.2f cores busy%n", cores, measuredCores());
        } else {
            out.printf("machine: %d cores, %.2f busy on average: measured components %.2f, other processes %.2f%n",
                    cores, machineBusy, measuredCores(), Math.max(0, machineBusy - measuredCores()));
        }
    }
}
