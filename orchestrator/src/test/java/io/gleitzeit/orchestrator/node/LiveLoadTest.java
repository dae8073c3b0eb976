package io.gleitzeit.orchestrator.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.StreamPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The commit feed's in-flight counts, per service and per endpoint. */
class LiveLoadTest {
    private final AtomicInteger changes = new AtomicInteger();
    private final LiveLoad live = new LiveLoad(changes::incrementAndGet);
    private long version;

    private static TaskDispatched dispatched(String taskId, String endpointId) {
        DispatchTarget target = new DispatchTarget("svc", "ollama", "hub-1", endpointId);
        return new TaskDispatched(taskId, 1, target, new RoutingDecision("least_loaded",
                List.of(new CandidateLoad("svc", endpointId, 0, 2, null, false, true)), "test"),
                "llm_generation", JsonNodeFactory.instance.objectNode(), null);
    }

    private void commit(WorkflowEvent... events) {
        List<EventEnvelope<WorkflowEvent>> envelopes = new ArrayList<>();
        for (WorkflowEvent e : events) {
            version++;
            envelopes.add(new EventEnvelope<>("wf:" + version, "wf", version, Instant.EPOCH, "cmd", "wf", "test", e));
        }
        live.onCommit(new Commit(StreamPosition.FIRST, "wf", envelopes));
    }

    @Test
    void dispatchesCountAgainstTheirServiceAndEndpoint() {
        commit(dispatched("wf/0", "gpu1"), dispatched("wf/1", "gpu1"), dispatched("wf/2", "gpu2"),
                dispatched("wf/3", null));

        assertThat(live.inFlight("svc")).isEqualTo(4);
        assertThat(live.inFlight("svc", "gpu1")).isEqualTo(2);
        assertThat(live.inFlight("svc", "gpu2")).isEqualTo(1);
        assertThat(live.inFlight("svc", "gpu3")).isZero();
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void anEndedAttemptFreesItsEndpointAndIsCountedAsEndedSinceTheRead() {
        commit(dispatched("wf/0", "gpu1"), dispatched("wf/1", "gpu2"));
        live.projectionRead();

        commit(new TaskCompleted("wf/0", 1, JsonNodeFactory.instance.textNode("ok"), null, 10L, "svc", "gpu1"),
                new TaskFailed("wf/1", 1, new TaskError("boom", "RuntimeError", true)));

        assertThat(live.inFlight("svc")).isZero();
        assertThat(live.inFlight("svc", "gpu1")).isZero();
        assertThat(live.inFlight("svc", "gpu2")).isZero();
        assertThat(live.endedSinceRead("svc")).isEqualTo(2);
        assertThat(live.endedSinceRead("svc", "gpu1")).isEqualTo(1);
        assertThat(live.endedSinceRead("svc", "gpu2")).isEqualTo(1);
    }

    @Test
    void dispatchCountsAddWhatTheNodeSawToWhatTheProjectionShowedFromBefore() {
        // the projection counted 10 dispatches to gpu1 before this node started
        live.projectedDispatches("svc", "gpu1", 10);
        commit(dispatched("wf/0", "gpu1"), dispatched("wf/1", "gpu1"), dispatched("wf/2", "gpu2"));
        commit(new TaskFailed("wf/0", 1, new TaskError("boom", "RuntimeError", true)));

        assertThat(live.dispatched("svc", "gpu1", 10)).as("an end takes nothing back").isEqualTo(12);
        assertThat(live.dispatched("svc", "gpu2", 0)).isEqualTo(1);

        // a read while the projection lags (it has one of the two new dispatches) changes nothing
        live.projectedDispatches("svc", "gpu1", 11);
        assertThat(live.dispatched("svc", "gpu1", 11)).isEqualTo(12);
        // nor one that has caught up
        live.projectedDispatches("svc", "gpu1", 12);
        assertThat(live.dispatched("svc", "gpu1", 12)).isEqualTo(12);
        // and the projection's count is the least it can be
        assertThat(live.dispatched("svc", "gpu3", 4)).isEqualTo(4);
    }

    @Test
    void aDispatchIsCountedWhenDecidedAndNotAgainWhenItComesBackThroughTheFeed() {
        live.decided(List.of(dispatched("wf/0", "gpu1"), dispatched("wf/1", "gpu2")));
        assertThat(live.dispatched("svc", "gpu1", 0)).isEqualTo(1);
        assertThat(live.inFlight("svc", "gpu1")).as("in flight follows the feed").isZero();

        live.decided(List.of(dispatched("wf/0", "gpu1")));
        commit(dispatched("wf/0", "gpu1"), dispatched("wf/1", "gpu2"));

        assertThat(live.dispatched("svc", "gpu1", 0)).as("a decision taken again, and the feed").isEqualTo(1);
        assertThat(live.dispatched("svc", "gpu2", 0)).isEqualTo(1);
        assertThat(live.inFlight("svc", "gpu1")).isEqualTo(1);
    }

    @Test
    void anAttemptMovedToAnotherEndpointCountsThereAndEndsThere() {
        commit(dispatched("wf/0", "gpu1"), dispatched("wf/1", "gpu1"));
        live.projectionRead();

        commit(new TaskEndpointSwitched("wf/0", 1, "gpu1", "gpu2"));

        assertThat(live.inFlight("svc", "gpu1")).isEqualTo(1);
        assertThat(live.inFlight("svc", "gpu2")).isEqualTo(1);
        assertThat(live.inFlight("svc")).as("still one attempt each").isEqualTo(2);
        assertThat(live.endedSinceRead("svc", "gpu1")).as("discounts the projection's older count").isEqualTo(1);
        assertThat(live.dispatched("svc", "gpu2", 0)).as("a move is not a dispatch").isZero();

        commit(new TaskCompleted("wf/0", 1, JsonNodeFactory.instance.textNode("ok"), null, 10L, "svc", "gpu2"));
        assertThat(live.inFlight("svc", "gpu2")).isZero();
        assertThat(live.inFlight("svc", "gpu1")).isEqualTo(1);
        assertThat(live.inFlight("svc")).isEqualTo(1);
    }

    @Test
    void aDispatchSeenTwiceAndAnEndSeenTwiceCountOnceAndNeverGoNegative() {
        commit(dispatched("wf/0", "gpu1"));
        commit(dispatched("wf/0", "gpu1"));
        assertThat(live.inFlight("svc", "gpu1")).isEqualTo(1);

        TaskFailed failed = new TaskFailed("wf/0", 1, new TaskError("boom", "RuntimeError", true));
        commit(failed);
        commit(failed);
        assertThat(live.inFlight("svc", "gpu1")).isZero();
        assertThat(live.inFlight("svc")).isZero();
    }
}
