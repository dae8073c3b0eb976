package io.gleitzeit.ops.bench;

import io.gleitzeit.redis.connect.RedisLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures the CPU time each component of a run spends between {@link #start()} and {@link #stop(Duration)}: the
 * given processes (the bench JVM, node processes), Redis (its own {@code INFO cpu}, summed over every node of a
 * cluster) and the machine as a whole.
 */
final class CpuMeter {
    static final String REDIS = "redis-server";

    private final List<ProcessCpu> processes;
    private final RedisLink redis;
    private Map<String, Duration> before;
    private Optional<MachineCpu> machineBefore = Optional.empty();

    CpuMeter(List<ProcessCpu> processes, RedisLink redis) {
        this.processes = List.copyOf(processes);
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Takes the first reading. */
    void start() {
        machineBefore = MachineCpu.read();
        before = read();
    }

    /** Takes the second reading: what each component used in between, over {@code elapsed}. */
    CpuReport stop(Duration elapsed) {
        if (before == null) {
            throw new IllegalStateException("the CPU meter was not started");
        }
        Map<String, Duration> after = read();
        Optional<MachineCpu> machineAfter = MachineCpu.read();
        List<CpuReport.Use> uses = new ArrayList<>();
        after.forEach((component, total) -> {
            Duration start = before.get(component);
            if (start != null) {
                uses.add(new CpuReport.Use(component, total.minus(start)));
            }
        });
        int cores = Runtime.getRuntime().availableProcessors();
        double busy = machineBefore.isPresent() && machineAfter.isPresent()
                ? machineAfter.get().busyCoresSince(machineBefore.get(), cores) : Double.NaN;
        return new CpuReport(uses, elapsed, cores, busy);
    }

    private Map<String, Duration> read() {
        Map<String, Duration> totals = new LinkedHashMap<>();
        for (ProcessCpu process : processes) {
            process.total().ifPresent(cpu -> totals.put(process.component() + " (pid " + process.pid() + ")", cpu));
        }
        addRedis(totals);
        return totals;
    }

    /** {@code used_cpu_sys + used_cpu_user} (seconds) of every Redis server behind the link, summed. */
    private void addRedis(Map<String, Duration> totals) {
        List<String> infos = RedisServers.info(redis, "cpu", RedisServers.Nodes.ALL);
        double seconds = 0;
        for (String info : infos) {
            String sys = RedisServers.field(info, "used_cpu_sys");
            String user = RedisServers.field(info, "used_cpu_user");
            if (sys == null || user == null) {
                return;
            }
            seconds += Double.parseDouble(sys) + Double.parseDouble(user);
        }
        if (!infos.isEmpty()) {
            totals.put(infos.size() == 1 ? REDIS : REDIS + " (" + infos.size() + " nodes)",
                    Duration.ofNanos(Math.round(seconds * 1e9)));
        }
    }
}
