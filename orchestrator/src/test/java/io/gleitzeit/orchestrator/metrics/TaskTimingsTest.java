package io.gleitzeit.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.testing.EventSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Task timings from recorded events, over every event type. */
class TaskTimingsTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final TaskTimings timings = new TaskTimings(registry, "gz");

    @Test
    void timesDispatchesAndCountsOutcomesOverEveryEventType() {
        for (EventEnvelope<WorkflowEvent> e : EventSamples.workflowEnvelopes()) {
            timings.accept(e);
        }
        for (EventEnvelope<ClusterEvent> e : EventSamples.clusterEnvelopes()) {
            timings.accept(e);
        }

        // ready → dispatched of attempts 1 and 2
        List<EventEnvelope<WorkflowEvent>> events = EventSamples.workflowEnvelopes();
        long longest = 0;
        for (int attempt = 1; attempt <= 2; attempt++) {
            int a = attempt;
            Instant ready = events.stream().filter(e -> e.payload() instanceof TaskReady r && r.attempt() == a)
                    .findFirst().orElseThrow().occurredAt();
            Instant dispatched = events.stream().filter(e -> e.payload() instanceof TaskDispatched d
                    && d.attempt() == a).findFirst().orElseThrow().occurredAt();
            longest = Math.max(longest, Duration.between(ready, dispatched).toNanos());
        }
        assertThat(registry.timer("gz.dispatch_latency").getCount()).isEqualTo(2);
        assertThat(registry.timer("gz.dispatch_latency").getSnapshot().getMax()).isEqualTo(longest);
        // attempt 1 failed (provider internal); attempt 2 timed out, so its late result is no completion
        assertThat(registry.counter("gz.tasks_finished.python_execution.internal.failed").getCount()).isEqualTo(1);
        assertThat(registry.counter("gz.tasks_finished.python_execution.none.timed_out").getCount()).isEqualTo(1);
        assertThat(registry.getTimers()).containsOnlyKeys("gz.dispatch_latency");
    }

    @Test
    void aCompletionIsTimedByTheReportedDurationUnderItsTypeAndProvider() {
        List<EventEnvelope<WorkflowEvent>> events = EventSamples.workflowEnvelopes();
        timings.accept(first(events, TaskReady.class));
        timings.accept(first(events, TaskDispatched.class));
        timings.accept(new EventEnvelope<>("done", EventSamples.WORKFLOW, 20, EventSamples.T0.plusSeconds(30), "c",
                EventSamples.WORKFLOW, "sample", new TaskCompleted(EventSamples.WORKFLOW + "/0", 1,
                JsonNodeFactory.instance.nullNode(), null, 1500L, "svc", null)));

        var timer = registry.timer("gz.task_duration.python_execution.internal");
        assertThat(timer.getCount()).isEqualTo(1);
        assertThat(timer.getSnapshot().getMax()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
        assertThat(registry.counter("gz.tasks_finished.python_execution.internal.completed").getCount()).isEqualTo(1);
    }

    private static EventEnvelope<WorkflowEvent> first(List<EventEnvelope<WorkflowEvent>> events, Class<?> type) {
        return events.stream().filter(e -> type.isInstance(e.payload())).findFirst().orElseThrow();
    }
}
