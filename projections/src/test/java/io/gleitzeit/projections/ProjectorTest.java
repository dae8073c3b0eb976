package io.gleitzeit.projections;

import static io.gleitzeit.projections.EventHistory.completed;
import static io.gleitzeit.projections.EventHistory.dispatched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.projections.internal.ModelStreams;
import io.gleitzeit.projections.load.LoadAnomalies;
import io.gleitzeit.projections.load.LoadView;
import io.gleitzeit.projections.load.ServiceLoad;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.projections.registry.ServiceRecord;
import io.gleitzeit.projections.registry.ServiceRegistryModel;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import io.gleitzeit.state.testing.Workflows;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectorTest extends ProjectionTestSupport {

    private Map<String, Map<String, Object>> dumpAll() {
        Map<String, Map<String, Object>> all = new HashMap<>();
        for (ReadModel model : MonitoringModels.all()) {
            all.put(model.name(), dump(model, currentGeneration(model)));
        }
        return all;
    }

    @Nested
    class Idempotence {
        @Test
        void aRedeliveredBatchChangesNoFigure() {
            Projector projector = startProjector("p1");
            Scenario.play(history);
            awaitCaughtUp(projector);
            Map<String, Map<String, Object>> before = dumpAll();

            // as if every batch had been stored but never acknowledged: the groups deliver everything again
            for (ReadModel model : MonitoringModels.all()) {
                for (String stream : ModelStreams.of(model, layout)) {
                    reads.sync().xgroupSetid(XReadArgs.StreamOffset.from(stream, "0"), "proj-" + model.name());
                }
            }
            awaitCaughtUp(projector);

            assertThat(dumpAll()).isEqualTo(before);
        }

        @Test
        void entriesAPredecessorReadButDidNotAcknowledgeAreAppliedByTheNextHolder() {
            history.register("svc-a", "function", 2, List.of("python_execution"));
            ModelStreams.of(new ServiceRegistryModel(), layout).forEach(stream -> {
                reads.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "proj-registry");
                // read as the projectors' consumer, then "die" before storing or acknowledging
                reads.sync().xreadgroup(Consumer.from("proj-registry", "projector"), XReadArgs.StreamOffset.lastConsumed(stream));
            });

            Projector projector = startProjector("p1");
            awaitCaughtUp(projector);

            assertThat(new ServiceRegistryView(reads, layout).services().toCompletableFuture().join())
                    .extracting(ServiceRecord::serviceId).containsExactly("svc-a");
        }
    }

    @Nested
    class InFlight {
        @Test
        void neverGoesBelowZeroWhenAttemptsEndTwiceOrWithoutADispatch() {
            Projector projector = startProjector("p1");
            history.register("svc-a", "function", 2, List.of("python_execution"));
            history.submit(Workflows.workflow("wf-odd").function("A", "f").function("B", "f").build());
            history.commit("wf-odd", new TaskReady("wf-odd/0", 1), new TaskReady("wf-odd/1", 1));
            history.commit("wf-odd", dispatched("wf-odd/0", 1, "svc-a", null));
            history.commit("wf-odd", completed("wf-odd/0", 1, "svc-a", 10L));
            // a duplicate completion, and ends of an attempt that was never dispatched
            history.commit("wf-odd", completed("wf-odd/0", 1, "svc-a", 10L));
            history.commit("wf-odd", completed("wf-odd/1", 1, "svc-a", 10L));
            history.commit("wf-odd", new TaskTimedOut("wf-odd/1", 1, Duration.ofSeconds(1)));
            awaitCaughtUp(projector);

            LoadView view = new LoadView(reads, layout);
            assertThat(view.service("svc-a").toCompletableFuture().join())
                    .contains(new ServiceLoad("svc-a", 0, 2, 1, 0, 10.0));
            assertThat(view.anomalies().toCompletableFuture().join()).isEqualTo(new LoadAnomalies(0, 3));
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void aProjectorNeverStartedStopsAtOnce() {
            Projector projector = new Projector(redis.client(), layout, log.decoder(), MonitoringModels.all(),
                    options);

            assertThat(projector.stop().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(projector.role(ServiceRegistryModel.NAME)).isEqualTo(ProjectionRole.STOPPED);
        }

        @Test
        void statusReportsRoleGenerationAndGroupFiguresPerModel() {
            Projector projector = startProjector("p1");
            Scenario.play(history);
            awaitCaughtUp(projector);

            List<ProjectionStatus> status = projector.status().toCompletableFuture().join();

            assertThat(status).extracting(ProjectionStatus::model).containsExactly("registry", "load", "workflows");
            assertThat(status).allSatisfy(s -> {
                assertThat(s.role()).isEqualTo(ProjectionRole.ACTIVE);
                assertThat(s.generation()).isPresent();
                assertThat(s.lag()).isZero();
                assertThat(s.pending()).isZero();
                assertThat(s.undecodable()).isZero();
            });
            assertThat(status.get(1).streams()).hasSize(1 + layout.partitions().count());
        }
    }

    @Nested
    class BadEntries {
        @Test
        void anEntryThatCannotBeDecodedIsCountedAndSkippedAndLaterOnesApplied() {
            Projector projector = startProjector("p1");
            reads.sync().xadd(layout.clusterEvents(), Map.of("e", "not json"));
            history.register("svc-a", "function", 2, List.of("python_execution"));
            awaitCaughtUp(projector);

            assertThat(new ServiceRegistryView(reads, layout).services().toCompletableFuture().join())
                    .extracting(ServiceRecord::serviceId).containsExactly("svc-a");
            assertThat(projector.status().toCompletableFuture().join())
                    .filteredOn(s -> !s.model().equals("workflows"))
                    .allSatisfy(s -> assertThat(s.undecodable()).isEqualTo(1));
        }
    }

    @Nested
    class Lease {
        @Test
        void aSecondProjectorStandsByAndTakesOverWhenTheFirstStops() {
            Projector first = startProjector("first");
            await().until(() -> MonitoringModels.all().stream()
                    .allMatch(m -> first.role(m.name()) == ProjectionRole.ACTIVE));
            Projector second = startProjector("second");

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> MonitoringModels.all()
                    .stream().allMatch(m -> second.role(m.name()) == ProjectionRole.STANDBY));

            first.stop().toCompletableFuture().join();
            await().until(() -> MonitoringModels.all().stream()
                    .allMatch(m -> second.role(m.name()) == ProjectionRole.ACTIVE));
            history.register("svc-late", "function", 1, List.of("python_execution"));
            awaitCaughtUp(second);

            assertThat(new ServiceRegistryView(reads, layout).services().toCompletableFuture().join())
                    .extracting(ServiceRecord::serviceId).containsExactly("svc-late");
        }

        @Test
        void aStandbyTakesOverWhenTheHolderVanishesWithoutGivingTheLeaseUp() {
            // a holder that died: its lease key stays until it expires
            ModelKeys keys = new ModelKeys(layout.prefix(), ServiceRegistryModel.NAME);
            reads.sync().set(keys.lease(), "dead-process", io.lettuce.core.SetArgs.Builder.px(500));
            Projector projector = startProjector("p1");

            assertThat(projector.role(ServiceRegistryModel.NAME)).isNotEqualTo(ProjectionRole.ACTIVE);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    projector.role(ServiceRegistryModel.NAME) == ProjectionRole.ACTIVE);
        }
    }
}
