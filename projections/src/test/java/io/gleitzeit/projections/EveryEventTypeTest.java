package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.gleitzeit.event.ClusterEvent;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.testing.EventSamples;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every permitted event type goes through every read model without an exception: the models' {@code instanceof}
 * chains end in a throw, so a type they forgot would stop the projection.
 */
class EveryEventTypeTest {
    private static final StoredModel EMPTY = new StoredModel() {
        @Override
        public Map<String, String> readAll(String key) {
            return Map.of();
        }

        @Override
        public Map<String, String> read(String key, Collection<String> fields) {
            return Map.of();
        }
    };

    static List<ReadModel> models() {
        return MonitoringModels.all();
    }

    @Test
    void theSamplesCoverEveryPermittedEventType() {
        assertThat(EventSamples.sampledTypes()).containsExactlyInAnyOrderElementsOf(EventSamples.concreteTypes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void appliesEveryEventTypeOneCommitEach(ReadModel model) {
        ModelState state = model.newState();
        state.load(EMPTY);
        List<EventEnvelope<WorkflowEvent>> events = EventSamples.workflowEnvelopes();

        for (int i = 0; i < events.size(); i++) {
            Commit commit = new Commit(new StreamPosition(1000 + i, 0), EventSamples.WORKFLOW, List.of(events.get(i)));
            assertThatCode(() -> {
                state.prepare(List.of(commit), EMPTY);
                state.apply(commit);
            }).as("%s applying %s", model.name(), events.get(i).payload().getClass().getSimpleName())
                    .doesNotThrowAnyException();
        }
        for (EventEnvelope<ClusterEvent> event : EventSamples.clusterEnvelopes()) {
            assertThatCode(() -> state.apply(event))
                    .as("%s applying %s", model.name(), event.payload().getClass().getSimpleName())
                    .doesNotThrowAnyException();
        }
        ChangeSet changes = new ChangeSet();
        state.drainChanges(changes);
        assertThat(changes.isEmpty()).as("%s recorded something", model.name()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void appliesEveryEventTypeInOneCommit(ReadModel model) {
        ModelState state = model.newState();
        state.load(EMPTY);
        Commit commit = new Commit(new StreamPosition(1000, 0), EventSamples.WORKFLOW,
                EventSamples.workflowEnvelopes());

        assertThatCode(() -> {
            state.prepare(List.of(commit), EMPTY);
            state.apply(commit);
            state.drainChanges(new ChangeSet());
        }).doesNotThrowAnyException();
    }
}
