package io.gleitzeit.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Routing a task of the internal LLM provider to an endpoint, from the endpoints' own figures. */
class EndpointRoutingTest {
    private static final RoutingRequest LLAMA = new RoutingRequest("llm_generation", null, "internal", "llama3", null);

    private static ServiceCandidate.Builder ollama(String id, EndpointCandidate... endpoints) {
        return ServiceCandidate.newBuilder(id, "llm-" + id, "hub-1").serviceType("llm").taskTypes("llm_generation")
                .providers("internal", "openai").maxConcurrent(16).endpoints(endpoints);
    }

    private static EndpointCandidate endpoint(String id, int capacity, int inFlight) {
        return EndpointCandidate.idle(id, capacity).withInFlight(inFlight);
    }

    static List<EndpointStrategy> strategies() {
        return EndpointStrategy.ALL;
    }

    private static String endpointOf(RoutingSnapshot s, RoutingRequest r) {
        return s.route(r).orElseThrow().target().endpointId();
    }

    @Nested
    class LeastLoaded {
        @Test
        void theEndpointWithTheLowerShareInFlightWins() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 2), endpoint("gpu2", 2, 0)).build());
            assertThat(endpointOf(s, LLAMA)).isEqualTo("gpu2");
            RoutingSnapshot busier = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 1), endpoint("gpu2", 2, 1))
                    .build());
            assertThat(endpointOf(busier, LLAMA)).as("1/4 beats 1/2").isEqualTo("gpu1");
        }

        @Test
        void endpointsOfSeveralServicesCompete() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 2, 1)).build(),
                    ollama("b", endpoint("gpu1", 2, 0)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target()).isEqualTo(new DispatchTarget("b", "llm-b", "hub-1", "gpu1"));
        }

        @Test
        void dispatchesWithinOneDecisionSplitWithinOneOfEven() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 0), endpoint("gpu2", 4, 0),
                    endpoint("gpu3", 4, 0)).build());
            Map<String, Integer> split = new HashMap<>();
            for (int i = 0; i < 10; i++) {
                DispatchTarget t = s.route(LLAMA).orElseThrow().target();
                split.merge(t.endpointId(), 1, Integer::sum);
                s = s.afterDispatch(t);
            }
            assertThat(split).containsOnlyKeys("gpu1", "gpu2", "gpu3");
            assertThat(split.values().stream().mapToInt(Integer::intValue).max().getAsInt()
                    - split.values().stream().mapToInt(Integer::intValue).min().getAsInt()).isLessThanOrEqualTo(1);
            assertThat(s.candidate("a").orElseThrow().inFlight()).isEqualTo(10);
        }

        @Test
        void fullEndpointsTakeNothingAndAFreedSlotIsUsed() {
            RoutingSnapshot full = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 1, 1), endpoint("gpu2", 1, 1))
                    .inFlight(2).build());
            assertThat(full.route(LLAMA)).isEmpty();
            RoutingSnapshot freed = full.afterAttemptEnded(new DispatchTarget("a", "llm-a", "hub-1", "gpu2"));
            assertThat(endpointOf(freed, LLAMA)).isEqualTo("gpu2");
        }
    }

    @Nested
    class Exclusions {
        @Test
        void anUnhealthyEndpointReceivesNone() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 3),
                    endpoint("gpu2", 4, 0).withHealth(false)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu1");
            assertThat(route.decision().candidates()).extracting(CandidateLoad::endpointId).containsExactly("gpu1");
            RoutingSnapshot allDown = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 0).withHealth(false)).build());
            assertThat(allDown.route(LLAMA)).as("waits rather than going to a down endpoint").isEmpty();
        }

        @Test
        void anEndpointWhoseAllowListExcludesTheModelReceivesNone() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 0).withModels(List.of("mistral")),
                    endpoint("gpu2", 4, 3).withModels(List.of("llama3:latest", "mistral"))).build());
            assertThat(endpointOf(s, LLAMA)).as("llama3 ≡ llama3:latest").isEqualTo("gpu2");
            RoutingRequest phi = new RoutingRequest("llm_generation", null, "internal", "phi3", null);
            assertThat(s.route(phi)).as("no endpoint serves it: waits").isEmpty();
        }

        @Test
        void anEndpointAnnouncingNoModelsTakesAny() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 0)).build());
            assertThat(endpointOf(s, new RoutingRequest("llm_generation", null, "internal", "phi3:mini", null)))
                    .isEqualTo("gpu1");
        }

        @Test
        void externalProvidersIgnoreTheEndpoints() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 1, 1)).build());
            RoutingRequest gpt = new RoutingRequest("llm_generation", null, "openai", "gpt-4o", null);
            Route route = s.route(gpt).orElseThrow();
            assertThat(route.target().endpointId()).isNull();
            assertThat(route.decision().candidates()).extracting(CandidateLoad::endpointId)
                    .containsExactly((String) null);
        }
    }

    @Nested
    class TieBreaks {
        @Test
        void onEqualLoadTheEndpointWithTheModelLoadedWins() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 2, 1),
                    endpoint("gpu2", 2, 1).withLoadedModels(List.of("llama3:latest"))).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu2");
            assertThat(route.decision().reason()).contains("model loaded");
            assertThat(route.decision().candidates()).extracting(CandidateLoad::modelLoaded)
                    .containsExactly(true, false);
        }

        @Test
        void onEqualLoadTheHigherPriorityWinsBeforeALoadedModel() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a",
                    endpoint("gpu1", 2, 1).withLoadedModels(List.of("llama3")), endpoint("gpu2", 2, 1).withPriority(3),
                    endpoint("gpu3", 2, 1).withPriority(-1)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu2");
            assertThat(route.decision().reason()).contains("priority 3");
            assertThat(route.decision().candidates()).extracting(CandidateLoad::endpointId, CandidateLoad::priority)
                    .containsExactly(Tuple.tuple("gpu2", 3),
                            Tuple.tuple("gpu1", 0),
                            Tuple.tuple("gpu3", -1));
        }

        @Test
        void aHigherPriorityDoesNotOutweighALowerLoad() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 2, 1).withPriority(10),
                    endpoint("gpu2", 2, 0)).build());
            assertThat(endpointOf(s, LLAMA)).isEqualTo("gpu2");
        }

        @Test
        void aLoadedModelDoesNotOutweighALowerLoad() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 2, 0),
                    endpoint("gpu2", 2, 1).withLoadedModels(List.of("llama3"))).build());
            assertThat(endpointOf(s, LLAMA)).isEqualTo("gpu1");
        }

        @Test
        void thenTheLowerLatencyWinsUnknownLast() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 2, 0),
                    endpoint("gpu2", 2, 0).withLatency(900.0), endpoint("gpu3", 2, 0).withLatency(300.0)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu3");
            assertThat(route.decision().candidates()).extracting(CandidateLoad::endpointId)
                    .containsExactly("gpu3", "gpu2", "gpu1");
            assertThat(route.decision().candidates().get(0)).isEqualTo(
                    new CandidateLoad("a", "gpu3", 0, 2, 300.0, false, true, 0, 0L));
        }
    }

    @Nested
    class Strategies {
        private ServiceCandidate.Builder declaring(EndpointStrategy strategy, EndpointCandidate... endpoints) {
            return ollama("a", endpoints).strategy(strategy);
        }

        @Test
        void roundRobinTakesTheEndpointWithTheFewestDispatchesWhateverItsLoad() {
            RoutingSnapshot s = RoutingSnapshot.of(declaring(EndpointStrategy.RoundRobin.INSTANCE,
                    endpoint("gpu1", 4, 0).withDispatched(5), endpoint("gpu2", 4, 3).withDispatched(3),
                    endpoint("gpu3", 4, 0).withDispatched(4)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu2");
            assertThat(route.decision().strategy()).isEqualTo("round_robin");
            assertThat(route.decision().reason()).startsWith("round robin of 3 eligible: ")
                    .contains("endpoint gpu2 at 3/4, 3 dispatched before");
            assertThat(route.decision().candidates()).extracting(CandidateLoad::endpointId, CandidateLoad::dispatched)
                    .containsExactly(Tuple.tuple("gpu2", 3L), Tuple.tuple("gpu3", 4L), Tuple.tuple("gpu1", 5L));
        }

        @Test
        void roundRobinGoesInTurnWithinADecisionAndPriorityBreaksItsTies() {
            RoutingSnapshot s = RoutingSnapshot.of(declaring(EndpointStrategy.RoundRobin.INSTANCE,
                    endpoint("gpu1", 8, 0), endpoint("gpu2", 8, 0), endpoint("gpu3", 8, 0).withPriority(1)).build());
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                DispatchTarget t = s.route(LLAMA).orElseThrow().target();
                order.add(t.endpointId());
                s = s.afterDispatch(t);
            }
            assertThat(order).containsExactly("gpu3", "gpu1", "gpu2", "gpu3", "gpu1", "gpu2", "gpu3");
            assertThat(s.candidate("a").orElseThrow().endpoint("gpu3").dispatched()).isEqualTo(3);
        }

        @Test
        void roundRobinSpreadsDecisionsTakenOnTheSameCountsByAttemptAndRepeatsEachOne() {
            RoutingSnapshot s = RoutingSnapshot.of(declaring(EndpointStrategy.RoundRobin.INSTANCE,
                    endpoint("gpu1", 8, 0).withDispatched(7), endpoint("gpu2", 8, 0).withDispatched(7),
                    endpoint("gpu3", 8, 0).withDispatched(7)).build());
            Map<String, Integer> split = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                RoutingRequest attempt = LLAMA.forAttempt("wf-" + i + "/0", 1);
                String chosen = endpointOf(s, attempt);
                assertThat(endpointOf(s, attempt)).as("the same attempt, the same choice").isEqualTo(chosen);
                split.merge(chosen, 1, Integer::sum);
            }
            assertThat(split).as("racing decisions do not all take gpu1: %s", split)
                    .containsOnlyKeys("gpu1", "gpu2", "gpu3");
        }

        @Test
        void fastestResponseMeasuresNewEndpointsFirstThenPrefersTheFastestWithAFreeSlot() {
            RoutingSnapshot s = RoutingSnapshot.of(declaring(EndpointStrategy.FastestResponse.INSTANCE,
                    endpoint("slow", 2, 0).withLatency(900.0), endpoint("fast", 2, 1).withLatency(100.0),
                    endpoint("new", 2, 1)).build());
            Route first = s.route(LLAMA).orElseThrow();
            assertThat(first.target().endpointId()).isEqualTo("new");
            assertThat(first.decision().reason()).contains("latency not measured yet");
            s = s.afterDispatch(first.target());

            Route second = s.route(LLAMA).orElseThrow();
            assertThat(second.target().endpointId()).as("busier, but faster").isEqualTo("fast");
            assertThat(second.decision().strategy()).isEqualTo("fastest_response");
            assertThat(second.decision().reason()).contains("100 ms");
            s = s.afterDispatch(second.target());

            assertThat(endpointOf(s, LLAMA)).as("the faster ones are full").isEqualTo("slow");
        }

        @Test
        void modelAffinityPrefersTheEndpointHoldingTheModelOverALowerLoad() {
            RoutingSnapshot s = RoutingSnapshot.of(declaring(EndpointStrategy.ModelAffinity.INSTANCE,
                    endpoint("gpu1", 4, 0), endpoint("gpu2", 4, 3).withLoadedModels(List.of("llama3:latest")),
                    endpoint("gpu3", 4, 1)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu2");
            assertThat(route.decision().strategy()).isEqualTo("model_affinity");
            assertThat(route.decision().reason()).contains("model loaded");

            RoutingSnapshot nowhere = RoutingSnapshot.of(declaring(EndpointStrategy.ModelAffinity.INSTANCE,
                    endpoint("gpu1", 4, 2), endpoint("gpu2", 4, 1)).build());
            Route least = nowhere.route(LLAMA).orElseThrow();
            assertThat(least.target().endpointId()).as("then least loaded").isEqualTo("gpu2");
            assertThat(least.decision().reason()).contains("the model is loaded on no eligible endpoint");
        }

        @Test
        void servicesDeclaringDifferentStrategiesCompeteLeastLoaded() {
            RoutingSnapshot s = RoutingSnapshot.of(
                    ollama("a", endpoint("gpu1", 4, 2).withDispatched(0)).strategy(EndpointStrategy.RoundRobin.INSTANCE)
                            .build(),
                    ollama("b", endpoint("gpu1", 4, 1).withDispatched(50)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().serviceId()).isEqualTo("b");
            assertThat(route.decision().strategy()).isEqualTo("least_loaded");
            assertThat(route.decision().reason())
                    .contains("the services declare different strategies {a=round_robin, b=least_loaded}");
        }

        @Test
        void servicesWithoutEndpointsAreAlwaysRankedLeastLoaded() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 1, 1)).maxConcurrent(4).inFlight(1)
                    .strategy(EndpointStrategy.RoundRobin.INSTANCE).build(), ollama("b").maxConcurrent(4).build());
            Route route = s.route(new RoutingRequest("llm_generation", null, "openai", "gpt-4o", null)).orElseThrow();
            assertThat(route.target().serviceId()).isEqualTo("b");
            assertThat(route.decision().strategy()).isEqualTo("least_loaded");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.gleitzeit.orchestrator.routing.EndpointRoutingTest#strategies")
        void noStrategyRoutesToAnUnhealthyEndpointHoweverGoodItsFigures(EndpointStrategy strategy) {
            EndpointCandidate tempting = endpoint("down", 8, 0).withHealth(false).withPriority(100).withLatency(1.0)
                    .withLoadedModels(List.of("llama3"));
            RoutingSnapshot s = RoutingSnapshot.of(declaring(strategy, tempting,
                    endpoint("up", 8, 7).withLatency(5000.0).withDispatched(1000)).build());
            Route route = s.route(LLAMA).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("up");
            assertThat(route.decision().candidates()).extracting(CandidateLoad::endpointId).containsExactly("up");
            RoutingSnapshot allDown = RoutingSnapshot.of(declaring(strategy, tempting).build());
            assertThat(allDown.route(LLAMA)).as("waits").isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.gleitzeit.orchestrator.routing.EndpointRoutingTest#strategies")
        void onThreeEqualEndpointsEveryStrategySplitsConcurrentTasksWithinOneOfEven(EndpointStrategy strategy) {
            RoutingSnapshot s = RoutingSnapshot.of(declaring(strategy, endpoint("gpu1", 4, 0),
                    endpoint("gpu2", 4, 0), endpoint("gpu3", 4, 0)).build());
            for (int n = 1; n <= 12; n++) {
                DispatchTarget t = s.route(LLAMA).orElseThrow().target();
                s = s.afterDispatch(t);
                List<Integer> inFlight = s.candidate("a").orElseThrow().endpoints().stream()
                        .map(EndpointCandidate::inFlight).toList();
                assertThat(Collections.max(inFlight) - Collections.min(inFlight))
                        .as("%s after %d: %s", strategy.wireName(), n, inFlight).isLessThanOrEqualTo(1);
            }
            assertThat(s.route(LLAMA)).as("all full").isEmpty();
        }
    }

    @Nested
    class Retries {
        private final DispatchTarget failedOnGpu1 = new DispatchTarget("a", "llm-a", "hub-1", "gpu1");

        @Test
        void aRetryPrefersAnotherEndpoint() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 0), endpoint("gpu2", 4, 2)).build());
            Route route = s.route(LLAMA.avoiding(failedOnGpu1)).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu2");
            assertThat(route.decision().reason()).contains("avoiding a/gpu1");
        }

        @Test
        void aRetryStillGoesWhereItFailedWhenNothingElseIsEligible() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 4, 0),
                    endpoint("gpu2", 4, 0).withHealth(false)).build());
            Route route = s.route(LLAMA.avoiding(failedOnGpu1)).orElseThrow();
            assertThat(route.target().endpointId()).isEqualTo("gpu1");
            assertThat(route.decision().reason()).contains("only the failed one is eligible");
        }

        @Test
        void aRetryPrefersAnotherService() {
            RoutingSnapshot s = RoutingSnapshot.of(
                    ServiceCandidate.newBuilder("f1", "fn", "hub-1").taskTypes("python_execution").maxConcurrent(4)
                            .build(),
                    ServiceCandidate.newBuilder("f2", "fn", "hub-1").taskTypes("python_execution").maxConcurrent(4)
                            .inFlight(3).build());
            RoutingRequest retry = RoutingRequest.forTaskType("python_execution")
                    .avoiding(new DispatchTarget("f1", "fn", "hub-1", null));
            assertThat(s.route(retry).orElseThrow().target().serviceId()).isEqualTo("f2");
        }
    }

    @Nested
    class Figures {
        @Test
        void badEndpointFiguresAreRejectedNamingTheField() {
            assertThatThrownBy(() -> EndpointCandidate.idle("gpu1", 0)).hasMessageContaining("capacity");
            assertThatThrownBy(() -> new EndpointCandidate("gpu1", 1, -1, true, List.of(), List.of(), null, 0, 0))
                    .hasMessageContaining("inFlight");
            assertThatThrownBy(() -> EndpointCandidate.idle(" ", 1)).hasMessageContaining("endpointId");
            assertThatThrownBy(() -> ollama("a", endpoint("gpu1", 1, 0), endpoint("gpu1", 1, 0)).build())
                    .hasMessageContaining("duplicate endpoint id gpu1");
        }

        @Test
        void anEndingAttemptNeverMakesAnEndpointNegative() {
            RoutingSnapshot s = RoutingSnapshot.of(ollama("a", endpoint("gpu1", 1, 0)).build()).afterDispatch("a")
                    .afterAttemptEnded(new DispatchTarget("a", "llm-a", "hub-1", "gpu1"));
            assertThat(s.candidate("a").orElseThrow().endpoint("gpu1").inFlight()).isZero();
        }
    }
}
