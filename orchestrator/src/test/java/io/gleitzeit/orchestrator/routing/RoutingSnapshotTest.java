package io.gleitzeit.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.orchestrator.routing.ServiceCandidate.Health;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoutingSnapshotTest {
    private static final RoutingRequest FUNCTION_TASK =
            new RoutingRequest("python_execution", "extract", null, null, null);

    private static ServiceCandidate.Builder functions(String id) {
        return ServiceCandidate.newBuilder(id, "fn-" + id, "hub-1").serviceType("function")
                .taskTypes("python_execution").maxConcurrent(4);
    }

    private static ServiceCandidate.Builder llm(String id) {
        return ServiceCandidate.newBuilder(id, "llm-" + id, "hub-2").serviceType("llm")
                .taskTypes("llm_generation", "vision").maxConcurrent(2);
    }

    @Nested
    class Eligibility {
        @Test
        void theServiceMustHandleTheTaskType() {
            assertThat(functions("a").build().offers(RoutingRequest.forTaskType("llm_generation"))).isFalse();
            assertThat(functions("a").build().offers(RoutingRequest.forTaskType("python_execution"))).isTrue();
        }

        @Test
        void aServiceListingFunctionsMustOfferTheOneAskedFor() {
            assertThat(functions("a").functions("extract", "report").build().offers(FUNCTION_TASK)).isTrue();
            assertThat(functions("a").functions("report").build().offers(FUNCTION_TASK)).isFalse();
            assertThat(functions("a").build().offers(FUNCTION_TASK)).as("lists none: tried").isTrue();
        }

        @Test
        void anLlmTaskNeedsItsProviderAndAListedModel() {
            RoutingRequest llama = new RoutingRequest("llm_generation", null, "internal", "llama3", null);
            assertThat(llm("a").providers("internal").build().offers(llama)).isTrue();
            assertThat(llm("a").providers("openai").build().offers(llama)).isFalse();
            assertThat(llm("a").build().offers(llama)).as("no provider listed").isFalse();
            assertThat(llm("a").providers("internal").models("mistral").build().offers(llama)).isFalse();
            assertThat(llm("a").providers("internal").models("mistral", "llama3").build().offers(llama)).isTrue();
            assertThat(llm("a").providers("internal").models("llama3:latest").build().offers(llama))
                    .as("llama3 ≡ llama3:latest").isTrue();
            assertThat(llm("a").providers("internal").models("llama3:70b").build().offers(llama)).isFalse();
        }

        @Test
        void aTaskForAProviderNoServiceOffersIsNotRoutedElsewhere() {
            RoutingRequest claude = new RoutingRequest("llm_generation", null, "anthropic", "claude-3-haiku", null);
            RoutingSnapshot s = RoutingSnapshot.of(llm("a").providers("internal", "openai").build());
            assertThat(s.route(claude)).isEmpty();
            assertThat(RoutingSnapshot.of(llm("a").providers("internal", "openai").build(),
                    llm("b").providers("anthropic").build()).route(claude).orElseThrow().target().serviceId())
                    .isEqualTo("b");
        }

        @Test
        void aPinnedTaskNeedsTheNamedService() {
            assertThat(functions("a").build().offers(FUNCTION_TASK.pinnedTo("fn-a"))).isTrue();
            assertThat(functions("a").build().offers(FUNCTION_TASK.pinnedTo("fn-b"))).isFalse();
        }

        @Test
        void anUnhealthyOrFullServiceIsNotEligible() {
            assertThat(functions("a").health(Health.UNHEALTHY).build().isEligibleFor(FUNCTION_TASK)).isFalse();
            assertThat(functions("a").inFlight(4).build().isEligibleFor(FUNCTION_TASK)).isFalse();
            assertThat(functions("a").inFlight(3).build().isEligibleFor(FUNCTION_TASK)).isTrue();
        }

        @Test
        void aCandidateIsBuiltFromARegistration() {
            ServiceRegistered r = new ServiceRegistered("svc-9", "gpu-box", "llm", "hub-3", List.of("llm_generation"),
                    3, null, List.of("llama3"), List.of("internal"),
                    List.of(new EndpointInfo("e1", "http://gpu:11434", List.of("llama3"), null, 3, 2, List.of("x"))),
                    "1.0", null, "fastest_response");
            ServiceCandidate c = ServiceCandidate.fromRegistration(r, 1, Health.HEALTHY);
            assertThat(c).isEqualTo(new ServiceCandidate("svc-9", "gpu-box", "hub-3", "llm",
                    List.of("llm_generation"), List.of(), List.of("llama3"), List.of("internal"), 3, 1, true,
                    List.of(EndpointCandidate.idle("e1", 3).withModels(List.of("llama3")).withPriority(2)),
                    EndpointStrategy.FastestResponse.INSTANCE));
        }

        @Test
        void aRegistrationWithoutAStrategyOrWithOneUnknownHereRanksLeastLoaded() {
            ServiceRegistered none = new ServiceRegistered("svc-9", "gpu-box", "llm", "hub-3",
                    List.of("llm_generation"), 3, null, null, List.of("internal"), null, null);
            ServiceRegistered newer = new ServiceRegistered("svc-9", "gpu-box", "llm", "hub-3",
                    List.of("llm_generation"), 3, null, null, List.of("internal"), null, null, null, "weighted_random");
            assertThat(ServiceCandidate.fromRegistration(none, 0, Health.HEALTHY).strategy())
                    .isSameAs(EndpointStrategy.DEFAULT).isSameAs(EndpointStrategy.LeastLoaded.INSTANCE);
            assertThat(ServiceCandidate.fromRegistration(newer, 0, Health.HEALTHY).strategy())
                    .isSameAs(EndpointStrategy.DEFAULT);
        }

        @Test
        void badFiguresAreRejectedNamingTheField() {
            assertThatThrownBy(() -> functions("a").maxConcurrent(0).build())
                    .hasMessageContaining("maxConcurrent");
            assertThatThrownBy(() -> functions("a").inFlight(-1).build()).hasMessageContaining("inFlight");
            assertThatThrownBy(() -> ServiceCandidate.newBuilder(" ", "n", "h").build())
                    .hasMessageContaining("serviceId");
        }
    }

    @Nested
    class Choice {
        @Test
        void theLeastLoadedShareWins() {
            RoutingSnapshot s = RoutingSnapshot.of(functions("a").maxConcurrent(4).inFlight(2).build(),
                    functions("b").maxConcurrent(10).inFlight(4).build());

            assertThat(s.route(FUNCTION_TASK)).get().extracting(r -> r.target().serviceId()).isEqualTo("b");
        }

        @Test
        void equalSharesGoToFewerTasksInFlightThenTheSmallerId() {
            RoutingSnapshot s = RoutingSnapshot.of(functions("c").maxConcurrent(4).inFlight(2).build(),
                    functions("b").maxConcurrent(2).inFlight(1).build(),
                    functions("a").maxConcurrent(2).inFlight(1).build());

            assertThat(s.eligible(FUNCTION_TASK)).extracting(ServiceCandidate::serviceId)
                    .containsExactly("a", "b", "c");
        }

        @Test
        void theDecisionRecordsEveryEligibleCandidatesFigures() {
            RoutingSnapshot s = RoutingSnapshot.of(functions("a").inFlight(1).build(), functions("b").build(),
                    functions("full").inFlight(4).build(), llm("l").build());

            Route route = s.route(FUNCTION_TASK).orElseThrow();

            assertThat(route.target()).isEqualTo(new DispatchTarget("b", "fn-b", "hub-1", null));
            assertThat(route.decision().strategy()).isEqualTo(RoutingSnapshot.LEAST_LOADED);
            assertThat(route.decision().candidates()).containsExactly(
                    new CandidateLoad("b", null, 0, 4, null, false, true),
                    new CandidateLoad("a", null, 1, 4, null, false, true));
            assertThat(route.decision().reason()).isEqualTo("least loaded of 2 eligible: fn-b (b) at 0/4");
        }

        @Test
        void aPinnedRouteSaysSo() {
            Route route = RoutingSnapshot.of(functions("a").build()).route(FUNCTION_TASK.pinnedTo("fn-a"))
                    .orElseThrow();
            assertThat(route.decision().strategy()).isEqualTo(RoutingSnapshot.PINNED);
            assertThat(route.decision().reason()).startsWith("pinned to 'fn-a'; ");
        }

        @Test
        void noEligibleServiceMeansNoRoute() {
            assertThat(RoutingSnapshot.empty().route(FUNCTION_TASK)).isEmpty();
            assertThat(RoutingSnapshot.of(llm("l").build()).route(FUNCTION_TASK)).isEmpty();
        }

        @Test
        void theChoiceDoesNotDependOnTheOrderServicesWereGiven() {
            ServiceCandidate a = functions("a").inFlight(1).build();
            ServiceCandidate b = functions("b").inFlight(1).build();
            assertThat(RoutingSnapshot.of(a, b).route(FUNCTION_TASK))
                    .isEqualTo(RoutingSnapshot.of(b, a).route(FUNCTION_TASK));
        }
    }

    @Nested
    class Capacity {
        @Test
        void dispatchesWithinOneDecisionUseUpCapacity() {
            RoutingSnapshot s = RoutingSnapshot.of(functions("a").maxConcurrent(2).build());

            RoutingSnapshot afterTwo = s.afterDispatch("a").afterDispatch("a");

            assertThat(afterTwo.candidate("a")).get().extracting(ServiceCandidate::inFlight).isEqualTo(2);
            assertThat(afterTwo.route(FUNCTION_TASK)).isEmpty();
            assertThat(afterTwo.hasCapacity()).isFalse();
            assertThat(s.route(FUNCTION_TASK)).as("the original is unchanged").isPresent();
        }

        @Test
        void anAttemptEndingWithinTheDecisionFreesItsSlot() {
            RoutingSnapshot full = RoutingSnapshot.of(functions("a").maxConcurrent(1).inFlight(1).build());

            RoutingSnapshot freed = full.afterAttemptEnded("a");

            assertThat(freed.route(FUNCTION_TASK)).isPresent();
            assertThat(freed.afterAttemptEnded("a").candidate("a")).get()
                    .extracting(ServiceCandidate::inFlight).as("never below zero").isEqualTo(0);
            assertThat(full.afterAttemptEnded("gone")).as("a service no longer there").isSameAs(full);
        }

        @Test
        void aServiceThatIsGoneTakesNothing() {
            RoutingSnapshot s = RoutingSnapshot.of(functions("a").build(), functions("b").inFlight(3).build());

            assertThat(s.without("a").route(FUNCTION_TASK)).get()
                    .extracting(r -> r.target().serviceId()).isEqualTo("b");
            assertThat(s.without("a").candidates()).extracting(ServiceCandidate::serviceId).containsExactly("b");
        }

        @Test
        void onlyHealthyServicesCountAsCapacity() {
            assertThat(RoutingSnapshot.of(functions("a").health(Health.UNHEALTHY).build()).hasCapacity()).isFalse();
        }

        @Test
        void dispatchingToAServiceNotInTheSnapshotIsAnError() {
            assertThatThrownBy(() -> RoutingSnapshot.empty().afterDispatch("ghost"))
                    .hasMessageContaining("serviceId: no service ghost");
        }

        @Test
        void duplicateServiceIdsAreRejected() {
            assertThatThrownBy(() -> RoutingSnapshot.of(functions("a").build(), functions("a").build()))
                    .hasMessageContaining("duplicate service id a");
        }
    }
}
