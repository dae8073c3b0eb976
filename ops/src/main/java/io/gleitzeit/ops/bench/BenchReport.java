package io.gleitzeit.ops.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one benchmark run.
 *
 * @param workload          what ran
 * @param workflows         workflows submitted
 * @param tasks             tasks in them
 * @param failedWorkflows   workflows that did not complete
 * @param elapsed           submission of the first to the end of the last
 * @param endToEndMicros    per workflow: submission to its terminal event
 * @param hopMicros         per hop, in path order: its samples (one per task or per request)
 * @param redis             Redis calls during the run
 * @param cpu               CPU time per component during the run
 */
public record BenchReport(
        Workload workload, int workflows, int tasks, int failedWorkflows, Duration elapsed,
        List<Long> endToEndMicros, Map<String, List<Long>> hopMicros, RedisCommandStats redis, CpuReport cpu) {

    public BenchReport {
        hopMicros = Collections.unmodifiableMap(new LinkedHashMap<>(hopMicros));
    }

    public void print(PrintWriter out) {
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        out.printf("workflows: %d (%d not completed)   tasks: %d   elapsed: %.2f s%n", workflows, failedWorkflows,
                tasks, seconds);
        out.printf("throughput: %.1f workflows/s, %.1f tasks/s%n", workflows / seconds, tasks / seconds);
        line(out, "latency end-to-end (submit → workflow done)", endToEndMicros);
        hopMicros.forEach((hop, samples) -> line(out, "hop " + hop, samples));
        long total = redis.total();
        out.printf("redis commands: %d total, %.2f per task%n", total, total / (double) Math.max(1, tasks));
        List<Map.Entry<String, Long>> top = new ArrayList<>(redis.calls().entrySet());
        top.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder("  per task by command:");
        for (var e : top) {
            sb.append(String.format(" %s %.2f", e.getKey(), e.getValue() / (double) Math.max(1, tasks)));
        }
        out.println(sb);
        cpu.print(out, tasks);
    }

    private static void line(PrintWriter out, String what, List<Long> micros) {
        if (micros.isEmpty()) {
            out.printf("%s: no samples%n", what);
            return;
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        out.printf("%s: p50 %s  p90 %s  p99 %s  max %s  (n=%d)%n", what, ms(pct(sorted, 50)), ms(pct(sorted, 90)),
                ms(pct(sorted, 99)), ms(sorted.get(sorted.size() - 1)), sorted.size());
    }

    private static long pct(List<Long> sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    private static String ms(long micros) {
        return String.format("%.2f ms", micros / 1000.0);
    }
}
