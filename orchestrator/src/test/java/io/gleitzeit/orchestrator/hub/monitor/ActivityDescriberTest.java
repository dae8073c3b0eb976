package io.gleitzeit.orchestrator.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.event.testing.EventSamples;
import io.gleitzeit.protocol.MonitorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The monitors' lines for recorded events: every event type is handled, progress and repeats are left out. */
class ActivityDescriberTest {
    private final ActivityDescriber describer = new ActivityDescriber(EventCodec.standard().eventTypes());

    @Test
    void describesEveryEventTypeButProgress() {
        List<String> described = new ArrayList<>();
        for (EventEnvelope<WorkflowEvent> e : EventSamples.workflowEnvelopes()) {
            describer.describe(e).ifPresent(line -> described.add(line.type()));
        }
        for (EventEnvelope<ClusterEvent> e : EventSamples.clusterEnvelopes()) {
            describer.describe(e).ifPresent(line -> described.add(line.type()));
        }

        assertThat(described).contains("workflow.submitted", "task.ready", "task.dispatched", "task.accepted",
                "task.failed", "task.retry_scheduled", "task.timed_out", "task.completed", "task.result_discarded",
                "task.cancelled", "task.skipped", "task.batch_expanded", "workflow.completed", "workflow.failed", "workflow.cancelled",
                "workflow.paused", "service.registered", "endpoint.status_reported", "event.parked",
                "service.disconnected", "service.paused").doesNotContain("task.progressed");
    }

    @Test
    void aTaskLineNamesTheTaskAttemptAndService() {
        EventEnvelope<WorkflowEvent> dispatched = EventSamples.workflowEnvelopes().stream()
                .filter(e -> e.payload() instanceof TaskDispatched).findFirst().orElseThrow();

        MonitorEvent line = describer.describe(dispatched).orElseThrow();

        assertThat(line.kind()).isEqualTo(MonitorEvent.TASK);
        assertThat(line.taskId()).isEqualTo(EventSamples.WORKFLOW + "/0");
        assertThat(line.attempt()).isEqualTo(1);
        assertThat(line.serviceId()).isEqualTo("svc");
        assertThat(line.timestamp()).isEqualTo(dispatched.occurredAt());
        assertThat(line.message()).isEqualTo("task wf-samples/0 attempt 1 dispatched to svc-name (gpu-a)");
    }

    @Test
    void anEndpointReportShowsOnlyWhenItsHealthChanges() {
        List<Optional<MonitorEvent>> lines = new ArrayList<>();
        for (boolean healthy : new boolean[] {true, true, false, false, true}) {
            lines.add(describer.describe(new EventEnvelope<ClusterEvent>("e", null, 0, EventSamples.T0, null, null,
                    "hub", new EndpointStatusReported("svc", "gpu-a", healthy, 0, List.of(), 0, 0, null))));
        }

        assertThat(lines).extracting(Optional::isPresent).containsExactly(true, false, true, false, true);
        assertThat(lines.get(2).orElseThrow().message()).isEqualTo("endpoint gpu-a of svc is unhealthy");
    }
}
