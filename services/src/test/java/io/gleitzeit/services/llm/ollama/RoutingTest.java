package io.gleitzeit.services.llm.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.services.llm.ImageFetcher;
import io.gleitzeit.services.llm.LlmReply;
import io.gleitzeit.services.llm.LlmRequest;
import io.gleitzeit.services.llm.RecordingContext;
import io.gleitzeit.services.llm.http.HttpTimeouts;
import io.gleitzeit.services.llm.http.JsonHttp;
import io.gleitzeit.services.sdk.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routing over real HTTP to local Ollama servers: fairness, slow and unhealthy endpoints, failover, strategies. */
class RoutingTest {
    private static final Logger log = LoggerFactory.getLogger(RoutingTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final List<FakeOllama> servers = new CopyOnWriteArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private final MutableClock clock = new MutableClock();
    private final OllamaApi api = new OllamaApi(new JsonHttp(JSON, new HttpTimeouts(Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(2))));

    @AfterEach
    void stop() {
        callers.shutdownNow();
        servers.forEach(FakeOllama::close);
    }

    private FakeOllama server(String name) throws Exception {
        FakeOllama server = new FakeOllama(name);
        servers.add(server);
        return server;
    }

    private OllamaBackend backend(RoutingStrategy strategy, Map<String, FakeOllama> endpoints, int maxConcurrent) {
        EndpointPool pool = new EndpointPool(strategy, 2, OPEN_FOR, clock);
        endpoints.forEach((name, server) ->
                pool.add(OllamaEndpointConfig.of(name, server.url()).withMaxConcurrent(maxConcurrent)));
        return new OllamaBackend(pool, api, new ImageFetcher(), "llama3");
    }

    private static JsonNode task(String prompt) {
        return JSON.createObjectNode().put("prompt", prompt).put("model", "llama3");
    }

    private Future<LlmReply> submit(OllamaBackend backend, int i) {
        return callers.submit(() -> backend.generate(LlmRequest.from(task("task " + i), false),
                RecordingContext.forTask("t" + i, task("task " + i))));
    }

    private static void awaitAll(Collection<Future<LlmReply>> futures) throws Exception {
        for (Future<LlmReply> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @Nested
    class Fairness {
        @Test
        void nConcurrentTasksOnEqualEndpointsStayWithinOneOfEven() throws Exception {
            Map<String, FakeOllama> endpoints = Map.of("gpu1", server("gpu1").tokenDelay(Duration.ofMillis(400)),
                    "gpu2", server("gpu2").tokenDelay(Duration.ofMillis(400)),
                    "gpu3", server("gpu3").tokenDelay(Duration.ofMillis(400)));
            for (int n : new int[] {2, 4, 7, 11}) {
                OllamaBackend backend = backend(RoutingStrategy.LEAST_LOADED, endpoints, 4);
                List<Future<LlmReply>> running = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    running.add(submit(backend, i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        backend.pool().inFlight().values().stream().mapToInt(Integer::intValue).sum() == n);
                Map<String, Integer> split = backend.pool().inFlight();
                log.info("fairness: {} tasks on 3 equal endpoints -> in flight {}", n, split);

                int max = split.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
                int min = split.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
                assertThat(max - min).as("in-flight split %s", split).isLessThanOrEqualTo(1);
                awaitAll(running);
                assertThat(backend.pool().inFlight().values()).containsOnly(0);
            }
        }

        @Test
        void aSlowEndpointReceivesProportionallyLess() throws Exception {
            FakeOllama fast = server("fast").tokenDelay(Duration.ofMillis(10));
            FakeOllama slow = server("slow").tokenDelay(Duration.ofMillis(150));
            OllamaBackend backend = backend(RoutingStrategy.LEAST_LOADED, Map.of("fast", fast, "slow", slow), 2);
            List<Future<LlmReply>> running = new ArrayList<>();

            for (int i = 0; i < 60; i++) {
                running.add(submit(backend, i));
            }
            awaitAll(running);

            log.info("slow endpoint: fast served {}, slow served {} of 60 (tokens 10 ms vs 150 ms)",
                    fast.served(), slow.served());
            assertThat(fast.served() + slow.served()).isEqualTo(60);
            assertThat(slow.served()).isPositive().isLessThan(fast.served() / 2);
        }

        @Test
        void anUnhealthyEndpointReceivesNoneUntilItRecovers() throws Exception {
            FakeOllama good = server("good");
            FakeOllama bad = server("bad").mode(FakeOllama.Mode.FAILING);
            OllamaBackend backend = backend(RoutingStrategy.ROUND_ROBIN, Map.of("good", good, "bad", bad), 2);
            HealthMonitor monitor = new HealthMonitor(backend.pool(), api);

            // its failures open its breaker (threshold 2); every task still completes by failing over
            for (int i = 0; i < 6; i++) {
                assertThat(submit(backend, i).get(30, TimeUnit.SECONDS).endpointId()).isEqualTo("good");
            }
            int reachedBad = bad.requests().size();
            assertThat(reachedBad).isEqualTo(2);
            assertThat(backend.pool().get("bad").orElseThrow().healthy()).isFalse();

            for (int i = 6; i < 20; i++) {
                submit(backend, i).get(30, TimeUnit.SECONDS);
            }
            assertThat(bad.requests()).hasSize(reachedBad);
            int whileOpen = bad.requests().size() - reachedBad;

            // recovered, it is probed once its open time is up, and takes work again
            bad.mode(FakeOllama.Mode.OK);
            assertThat(monitor.check(backend.pool().get("bad").orElseThrow())).isFalse();
            clock.advance(OPEN_FOR);
            assertThat(monitor.check(backend.pool().get("bad").orElseThrow())).isTrue();
            for (int i = 20; i < 24; i++) {
                submit(backend, i).get(30, TimeUnit.SECONDS);
            }
            assertThat(bad.served()).isEqualTo(2);
            log.info("unhealthy endpoint: {} of 14 tasks while open, {} of 4 after recovery (round robin)",
                    whileOpen, bad.served());
        }
    }

    @Nested
    class Failover {
        @Test
        void aFailedCallMovesToAnotherEndpointWithinTheSameAttempt() throws Exception {
            FakeOllama down = server("down").mode(FakeOllama.Mode.FAILING);
            FakeOllama up = server("up");
            EndpointPool pool = new EndpointPool(RoutingStrategy.LEAST_LOADED, 3, OPEN_FOR, clock);
            pool.add(new OllamaEndpointConfig("down", java.net.URI.create(down.url()), null, 10, 1, List.of(),
                    List.of()));
            pool.add(OllamaEndpointConfig.of("up", up.url()));
            OllamaBackend backend = new OllamaBackend(pool, api, new ImageFetcher(), null);
            RecordingContext context = RecordingContext.forTask("t1", task("hi"));

            LlmReply reply = backend.generate(LlmRequest.from(task("hi"), false), context);

            assertThat(reply.endpointId()).isEqualTo("up");
            assertThat(context.endpoint()).isEqualTo("up");
            assertThat(context.messages()).anySatisfy(m -> assertThat(m).contains("failing over", "down", "HTTP 500"));
            assertThat(down.requests()).hasSize(1);
            assertThat(pool.get("down").orElseThrow().breaker().consecutiveFailures()).isEqualTo(1);
        }

        @Test
        void whenEveryEndpointFailsTheAttemptFailsAsRetryable() throws Exception {
            OllamaBackend backend = backend(RoutingStrategy.LEAST_LOADED,
                    Map.of("a", server("a").mode(FakeOllama.Mode.FAILING),
                            "b", server("b").mode(FakeOllama.Mode.FAILING)), 1);

            assertThatThrownBy(() -> backend.generate(LlmRequest.from(task("hi"), false),
                    RecordingContext.forTask("t1", task("hi"))))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.fault().retryable()).isTrue();
                        assertThat(e.fault().errorType()).isEqualTo("no_endpoint");
                        assertThat(e.getMessage()).contains("CUDA error");
                    });
        }

        @Test
        void aStreamThatBreaksAfterTextWasRelayedIsNotRepeatedElsewhere() throws Exception {
            FakeOllama stalls = server("stalls").mode(FakeOllama.Mode.STALL_MID_STREAM);
            FakeOllama fine = server("fine");
            OllamaApi impatient = new OllamaApi(new JsonHttp(JSON, new HttpTimeouts(Duration.ofSeconds(2),
                    Duration.ofSeconds(30), Duration.ofMillis(300))));
            EndpointPool pool = new EndpointPool(RoutingStrategy.LEAST_LOADED, 3, OPEN_FOR, clock);
            pool.add(new OllamaEndpointConfig("stalls", java.net.URI.create(stalls.url()), null, 10, 1, List.of(),
                    List.of()));
            pool.add(OllamaEndpointConfig.of("fine", fine.url()));
            RecordingContext context = RecordingContext.forTask("t1", task("hi"));

            assertThatThrownBy(() -> new OllamaBackend(pool, impatient, new ImageFetcher(), null)
                    .generate(LlmRequest.from(task("hi"), false), context))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.fault().retryable()).isTrue();
                        assertThat(e.getMessage()).contains("stalls", "after streaming began");
                    });
            assertThat(context.chunks()).containsExactly("stalls");
            assertThat(fine.requests()).isEmpty();
        }

        @Test
        void aModelNoEndpointServesFailsWithoutRetry() throws Exception {
            OllamaBackend backend = backend(RoutingStrategy.LEAST_LOADED, Map.of("a", server("a")), 1);
            new HealthMonitor(backend.pool(), api).checkAll();
            JsonNode params = JSON.createObjectNode().put("prompt", "hi").put("model", "mixtral");

            assertThatThrownBy(() -> backend.generate(LlmRequest.from(params, false),
                    RecordingContext.forTask("t1", params)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.fault().retryable()).isFalse();
                        assertThat(e.getMessage()).contains("mixtral", "llama3:latest");
                    });
        }
    }

    @Nested
    class Strategies {
        private EndpointPool pool(RoutingStrategy strategy, String... names) {
            EndpointPool pool = new EndpointPool(strategy, 3, OPEN_FOR, clock);
            for (String name : names) {
                pool.add(OllamaEndpointConfig.of(name, "http://127.0.0.1:9").withMaxConcurrent(4));
            }
            return pool;
        }

        private String pick(EndpointPool pool) throws Exception {
            try (EndpointPool.Lease lease = pool.acquire("llama3", null, Set.of())) {
                return lease.endpoint().id();
            }
        }

        @Test
        void roundRobinTakesEachInTurn() throws Exception {
            EndpointPool pool = pool(RoutingStrategy.ROUND_ROBIN, "a", "b", "c");

            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                picks.add(pick(pool));
            }

            assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c");
        }

        @Test
        void fastestResponsePrefersTheLowestAverageLatency() throws Exception {
            EndpointPool pool = pool(RoutingStrategy.FASTEST_RESPONSE, "a", "b");
            pool.get("a").orElseThrow().recordLatency(900);
            pool.get("b").orElseThrow().recordLatency(120);

            assertThat(pick(pool)).isEqualTo("b");
            assertThat(pick(pool)).isEqualTo("b");
        }

        @Test
        void modelAffinityPrefersTheEndpointHoldingTheModel() throws Exception {
            EndpointPool pool = pool(RoutingStrategy.MODEL_AFFINITY, "a", "b");
            pool.get("b").orElseThrow().loaded(List.of("llama3:latest"), 5_000_000_000L);

            try (EndpointPool.Lease first = pool.acquire("llama3", null, Set.of())) {
                assertThat(first.endpoint().id()).isEqualTo("b");
                assertThat(first.decision().describe()).contains("model_affinity", "b 0/4 loaded");
            }
        }

        @Test
        void leastLoadedBreaksTiesByPriority() throws Exception {
            EndpointPool pool = new EndpointPool(RoutingStrategy.LEAST_LOADED, 3, OPEN_FOR, clock);
            pool.add(OllamaEndpointConfig.of("low", "http://127.0.0.1:9"));
            pool.add(new OllamaEndpointConfig("high", java.net.URI.create("http://127.0.0.1:9"), "A100", 5, 1,
                    List.of(), List.of()));

            assertThat(pick(pool)).isEqualTo("high");
        }

        @Test
        void theAssignmentsEndpointIsUsedWhenItCanTakeTheRequest() throws Exception {
            EndpointPool pool = pool(RoutingStrategy.LEAST_LOADED, "a", "b");

            try (EndpointPool.Lease lease = pool.acquire("llama3", "b", Set.of())) {
                assertThat(lease.endpoint().id()).isEqualTo("b");
                assertThat(lease.decision().describe()).contains("by the assignment");
            }
        }

        @Test
        void aFullPoolMakesTheNextRequestWaitForASlot() throws Exception {
            EndpointPool pool = new EndpointPool(RoutingStrategy.LEAST_LOADED, 3, OPEN_FOR, clock);
            pool.add(OllamaEndpointConfig.of("only", "http://127.0.0.1:9"));
            EndpointPool.Lease first = pool.acquire("llama3", null, Set.of());

            Future<String> second = callers.submit(() -> pick(pool));
            Thread.sleep(300);
            assertThat(second).isNotDone();

            first.close();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("only");
        }

        @Test
        void removedEndpointsTakeNoNewRequestsAndAddedOnesDo() throws Exception {
            EndpointPool pool = pool(RoutingStrategy.ROUND_ROBIN, "a", "b");
            assertThat(pool.remove("a")).isTrue();
            pool.add(OllamaEndpointConfig.of("c", "http://127.0.0.1:9"));

            assertThat(List.of(pick(pool), pick(pool), pick(pool), pick(pool))).containsOnly("b", "c");
            assertThatThrownBy(() -> pool.add(OllamaEndpointConfig.of("b", "http://127.0.0.1:9")))
                    .hasMessageContaining("'b' already exists");
        }

        @Test
        void theAllowListLimitsTheModelsAnEndpointServes() {
            EndpointPool pool = new EndpointPool(RoutingStrategy.LEAST_LOADED, 3, OPEN_FOR, clock);
            pool.add(new OllamaEndpointConfig("vision", java.net.URI.create("http://127.0.0.1:9"), null, 0, 1,
                    List.of("llava"), List.of("vision")));

            assertThatThrownBy(() -> pool.acquire("llama3", null, Set.of()))
                    .isInstanceOfSatisfying(NoEndpointException.class,
                            e -> assertThat(e.reason()).isEqualTo(NoEndpointException.Reason.MODEL_NOT_SERVED));
        }
    }
}
