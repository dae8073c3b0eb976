package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.TaskReady;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.projections.registry.ServiceRecord;
import io.gleitzeit.projections.registry.ServiceRegistryModel;
import io.gleitzeit.projections.registry.ServiceRegistryView;
import io.gleitzeit.projections.workflows.WorkflowSummaryModel;
import io.gleitzeit.state.testing.Workflows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RebuildTest extends ProjectionTestSupport {

    private ProjectionRebuild rebuild() {
        return new ProjectionRebuild(redis.client(), layout, log.decoder(), options);
    }

    @Nested
    class WhileTheProjectorRuns {
        @Test
        void theRebuiltGenerationEqualsTheLiveOneAndReplacesIt() {
            Projector projector = startProjector("p1");
            Scenario.play(history);
            awaitCaughtUp(projector);

            for (ReadModel model : MonitoringModels.all()) {
                long live = currentGeneration(model);
                Map<String, Object> expected = dump(model, live);

                RebuildResult result = rebuild().rebuild(model);

                assertThat(result.replaced()).hasValue(live);
                assertThat(result.generation()).isNotEqualTo(live);
                assertThat(currentGeneration(model)).isEqualTo(result.generation());
                assertThat(dump(model, result.generation())).as(model.name()).isEqualTo(expected);
                // the replaced generation stays readable for a while, then expires
                assertThat(reads.sync().pttl(new ModelKeys(layout.prefix(), model.name()).positions(live)))
                        .isPositive();
            }
        }

        @Test
        void theProjectorGoesOnInTheRebuiltGeneration() {
            Projector projector = startProjector("p1");
            Scenario.play(history);
            awaitCaughtUp(projector);
            rebuild().rebuild(new ServiceRegistryModel());
            rebuild().rebuild(new WorkflowSummaryModel());

            history.register("svc-after", "function", 1, List.of("python_execution"));
            history.submit(Workflows.workflow("wf-after").function("A", "f").build());
            history.commit("wf-after", new TaskReady("wf-after/0", 1));
            awaitCaughtUp(projector);

            assertThat(new ServiceRegistryView(reads, layout).services().toCompletableFuture().join())
                    .extracting(ServiceRecord::serviceId).contains("svc-after");
            for (ReadModel model : MonitoringModels.all()) {
                Map<String, Object> live = dump(model, currentGeneration(model));
                RebuildResult again = rebuild().rebuild(model);
                assertThat(dump(model, again.generation())).as(model.name()).isEqualTo(live);
            }
        }
    }

    @Nested
    class WithoutAProjector {
        @Test
        void aRebuildOfAModelNeverProjectedBecomesItsFirstGeneration() {
            Scenario.play(history);

            RebuildResult result = rebuild().rebuild(new ServiceRegistryModel());

            assertThat(result.replaced()).isEmpty();
            // two registrations, an endpoint report, a disconnect
            assertThat(result.entries()).isEqualTo(4);
            assertThat(new ServiceRegistryView(reads, layout).services().toCompletableFuture().join())
                    .extracting(ServiceRecord::serviceId).containsExactly("svc-fn", "svc-llm");
        }

        @Test
        void readsStreamsLongerThanOneBatchInIdOrder() {
            options = options.toBuilder().batchSize(3).build();
            Projector projector = startProjector("p1");
            Scenario.play(history);
            awaitCaughtUp(projector);

            for (ReadModel model : MonitoringModels.all()) {
                Map<String, Object> live = dump(model, currentGeneration(model));
                RebuildResult result = rebuild().rebuild(model);
                assertThat(dump(model, result.generation())).as(model.name()).isEqualTo(live);
            }
        }
    }
}
