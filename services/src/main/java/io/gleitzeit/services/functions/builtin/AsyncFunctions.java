package io.gleitzeit.services.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import io.gleitzeit.services.sdk.TaskContext;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Functions that take time on purpose, for testing workflows: they sleep in small steps, stop at once when the task
 * is cancelled or times out (the worker is interrupted), and report progress while running.
 */
public final class AsyncFunctions {
    static final double MAX_TIMER_SECONDS = 300;
    static final int MAX_BATCH_ITEMS = 1000;
    static final int MAX_BATCH_SIZE = 100;
    static final double MAX_BATCH_DELAY = 10;

    private final Clock clock;

    /** With the system clock in the local time zone (for {@code completed_at}). */
    public AsyncFunctions() {
        this(Clock.systemDefaultZone());
    }

    public AsyncFunctions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The result of {@code async_timer}: durations in seconds. */
    public record TimerResult(String message, double requestedDuration, double actualDuration, String completedAt) {
    }

    @GleitzeitTask(name = "async_timer", category = "async",
            description = "Waits the given seconds (at most 300), then returns the message and the time taken")
    public TimerResult asyncTimer(
            @Param(value = "duration", aliases = "seconds") double duration,
            @Param(defaultValue = "\"Timer complete\"") String message,
            TaskContext context) throws InterruptedException {
        if (!(duration >= 0) || duration > MAX_TIMER_SECONDS) {
            throw new IllegalArgumentException("duration must be within 0.." + (int) MAX_TIMER_SECONDS
                    + " seconds, was " + duration);
        }
        long start = System.nanoTime();
        long total = (long) (duration * 1e9);
        long step = Math.max(1, Math.min(total / 10, 1_000_000_000L));
        long elapsed;
        while ((elapsed = System.nanoTime() - start) < total) {
            long remaining = total - elapsed;
            Thread.sleep(Math.max(1, Math.min(step, remaining) / 1_000_000));
            if (context != null) {
                context.progress(Math.min(100, 100.0 * (System.nanoTime() - start) / total), "waiting");
            }
        }
        double actual = (System.nanoTime() - start) / 1e9;
        return new TimerResult(message, duration, actual, Strftime.isoFormat(LocalDateTime.now(clock)));
    }

    @GleitzeitTask(name = "async_batch_process", category = "async",
            description = "Processes items in batches with a delay per batch; counts item types per batch")
    public static Map<String, Object> asyncBatchProcess(
            List<JsonNode> items,
            @Param(value = "batch_size", defaultValue = "10") int batchSize,
            @Param(defaultValue = "0.1") double delay,
            TaskContext context) throws InterruptedException {
        if (items == null) {
            throw new IllegalArgumentException("items is required");
        }
        if (items.size() > MAX_BATCH_ITEMS) {
            throw new IllegalArgumentException("items may hold at most " + MAX_BATCH_ITEMS + ", had " + items.size());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, was " + batchSize);
        }
        if (!(delay >= 0)) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        int size = Math.min(batchSize, MAX_BATCH_SIZE);
        double pause = Math.min(delay, MAX_BATCH_DELAY);
        List<Map<String, Object>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            List<JsonNode> batch = items.subList(from, Math.min(items.size(), from + size));
            Thread.sleep((long) (pause * 1000));
            Map<String, Integer> types = new LinkedHashMap<>();
            batch.forEach(item -> types.merge(JsonValues.pythonType(item), 1, Integer::sum));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("batch_number", batches.size() + 1);
            result.put("items_processed", batch.size());
            result.put("item_types", types);
            batches.add(result);
            if (context != null) {
                context.progress(100.0 * (from + batch.size()) / items.size(), "batch " + batches.size());
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("total_items", items.size());
        result.put("total_batches", batches.size());
        result.put("batch_size", size);
        result.put("processing_delay", pause);
        result.put("batches", batches);
        result.put("summary", Map.of("total_processed", items.size()));
        return result;
    }
}
