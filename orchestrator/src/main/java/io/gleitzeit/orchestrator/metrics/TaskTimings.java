package io.gleitzeit.orchestrator.metrics;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskTimedOut;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Times tasks from the recorded events: the <b>dispatch latency</b> (a task attempt's {@code task.ready} to its
 * {@code task.dispatched}: how long it waited for a service) and the <b>task duration</b> by task type and provider
 * (the {@code duration_ms} the service reported, else dispatch → completion). Fed with every event a replica reads
 * (see {@code MonitorHub.onRecorded}); remembers the open attempts it needs in bounded maps, oldest dropped first.
 * Not thread-safe: one feed thread calls it.
 */
final class TaskTimings implements Consumer<EventEnvelope<? extends Event>> {
    static final String DISPATCH_LATENCY = "dispatch_latency";
    static final String TASK_DURATION = "task_duration";
    static final String TASKS_FINISHED = "tasks_finished";
    private static final int MAX_OPEN = 10_000;

    private record Dispatch(Instant at, String type, String provider) {
    }

    private final MetricRegistry registry;
    private final String prefix;
    private final Map<String, Instant> readyAt = bounded();
    private final Map<String, Dispatch> dispatched = bounded();

    TaskTimings(MetricRegistry registry, String prefix) {
        this.registry = registry;
        this.prefix = prefix;
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_OPEN;
            }
        };
    }

    @Override
    public void accept(EventEnvelope<? extends Event> envelope) {
        Event event = envelope.payload();
        Instant at = envelope.occurredAt();
        if (event instanceof TaskReady ready) {
            readyAt.put(key(ready.taskId(), ready.attempt()), at);
        } else if (event instanceof TaskDispatched dispatch) {
            String key = key(dispatch.taskId(), dispatch.attempt());
            Instant ready = readyAt.remove(key);
            if (ready != null) {
                record(DISPATCH_LATENCY, Duration.between(ready, at));
            }
            dispatched.put(key, new Dispatch(at, label(dispatch.externalTaskType()),
                    label(text(dispatch.parameters(), "provider"))));
        } else if (event instanceof TaskCompleted completed) {
            Dispatch dispatch = dispatched.remove(key(completed.taskId(), completed.attempt()));
            if (dispatch != null) {
                Duration took = completed.durationMs() != null ? Duration.ofMillis(completed.durationMs())
                        : Duration.between(dispatch.at(), at);
                record(MetricRegistry.name(TASK_DURATION, dispatch.type(), dispatch.provider()), took);
                registry.counter(name(MetricRegistry.name(TASKS_FINISHED, dispatch.type(), dispatch.provider(),
                        "completed"))).inc();
            }
        } else if (event instanceof TaskFailed failed) {
            finishedWithout(key(failed.taskId(), failed.attempt()), "failed");
        } else if (event instanceof TaskTimedOut timedOut) {
            finishedWithout(key(timedOut.taskId(), timedOut.attempt()), "timed_out");
        } else if (event instanceof TaskRetryScheduled retry) {
            readyAt.remove(key(retry.taskId(), retry.attempt()));
        } else if (event instanceof TaskBatchExpanded batch) {
            // a batch task is never dispatched (its units are, with readiness of their own): forget its ready time
            readyAt.remove(key(batch.taskId(), batch.attempt()));
        }
    }

    private void finishedWithout(String key, String outcome) {
        Dispatch dispatch = dispatched.remove(key);
        if (dispatch != null) {
            registry.counter(name(MetricRegistry.name(TASKS_FINISHED, dispatch.type(), dispatch.provider(), outcome)))
                    .inc();
        }
    }

    private void record(String metric, Duration took) {
        if (!took.isNegative()) {
            registry.timer(name(metric)).update(took.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private String name(String metric) {
        return MetricRegistry.name(prefix, metric);
    }

    private static String key(String taskId, int attempt) {
        return taskId + "#" + attempt;
    }

    private static String text(JsonNode parameters, String field) {
        JsonNode value = parameters == null ? null : parameters.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String label(String value) {
        return value == null || value.isBlank() ? "none" : PrometheusText.segment(value);
    }
}
