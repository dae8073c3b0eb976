package io.gleitzeit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.GleitzeitClientException;
import io.gleitzeit.orchestrator.hub.auth.TokenRecord;
import io.gleitzeit.orchestrator.hub.auth.TokenStore;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The seed's API end to end: a cluster on the test's Redis, its function service over Socket.IO, a workflow. */
@RedisTest
class GleitzeitClusterTest {

    /** A user function served beside the built-ins. */
    public static final class Greetings {
        @GleitzeitTask(name = "greet", category = "test", description = "Greets")
        public String greet(String name) {
            return "hello " + name;
        }
    }

    private static ClusterOptions.Builder options(TestRedis redis) {
        return ClusterOptions.newBuilder().redisUrl(redis.uri().toString()).keyPrefix(redis.prefix()).partitions(4)
                .functionWorkers(2);
    }

    @Test
    void aWorkflowOfFunctionTasksRunsThroughTheWholeCluster(TestRedis redis) throws Exception {
        try (GleitzeitCluster cluster = GleitzeitCluster.start(options(redis).functions(new Greetings()).build())) {
            List<String> statuses = new CopyOnWriteArrayList<>();
            WorkflowCompletedNotice result = cluster.createWorkflow("seed")
                    .addFunctionTask("Fib", "fibonacci", Map.of("n", 7))
                    .addPythonTask("Stats", "analyze_numbers", List.of("{{Fib.result}}"), Map.of(), "Fib")
                    .addFunctionTask("Hello", "greet", List.of("gleitzeit"), Map.of())
                    .submit(new WorkflowListener() {
                        @Override
                        public void onTaskStatus(TaskStatusNotice status) {
                            statuses.add(status.taskName() + ":" + status.status());
                        }
                    })
                    .get(60, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo("completed");
            assertThat(result.results().get("Stats").get("sum").asInt()).isEqualTo(20);
            assertThat(result.results().get("Hello").asText()).isEqualTo("hello gleitzeit");
            assertThat(statuses).contains("Fib:completed", "Stats:completed", "Hello:completed");
            assertThat(cluster.client().status(result.workflowId()).join().completedTasks()).isEqualTo(3);
        }
    }

    @Test
    void theDocumentHoldsTextAndVisionTasksWithTheirFields(TestRedis redis) throws Exception {
        try (GleitzeitCluster cluster = GleitzeitCluster.start(options(redis).functionService(false).build())) {
            var document = cluster.createWorkflow("llm")
                    .addTextTask("Ask", "Why?", "llama3")
                    .addVisionTask("Look", "What is it? {{Ask.result}}", "https://example.org/x.png", "llava", "Ask")
                    .document();
            assertThat(document.toJson().get("tasks").get(1).get("dependencies").get(0).asText()).isEqualTo("Ask");
            assertThat(document.toJson().get("tasks").get(1).get("image").asText())
                    .isEqualTo("https://example.org/x.png");
        }
    }

    @Test
    void anInvalidWorkflowFailsTheFutureWithTheHubsProblems(TestRedis redis) throws Exception {
        try (GleitzeitCluster cluster = GleitzeitCluster.start(options(redis).build())) {
            var future = cluster.createWorkflow("bad")
                    .addTask("X", "sql", t -> t.field("params", List.of()))
                    .submit();
            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(GleitzeitClientException.class, e -> {
                        assertThat(e.code()).isEqualTo("invalid_workflow");
                        assertThat(e.details()).extracting(d -> d.path()).contains("$.tasks[0].query");
                    });
        }
    }

    @Test
    void optionsAreValidatedNamingTheField() {
        assertThatThrownBy(() -> ClusterOptions.newBuilder().functionWorkers(0).build())
                .hasMessageContaining("functionWorkers must be at least 1");
        assertThatThrownBy(() -> ClusterOptions.newBuilder().redisUrl("http://x").build())
                .hasMessageContaining("redisUrl: not a Redis URL");
        assertThatThrownBy(() -> ClusterOptions.newBuilder().hubPort(70000).build())
                .hasMessageContaining("hubPort must be within 0..65535");
        assertThatThrownBy(() -> ClusterOptions.newBuilder().functionService(false).functions(new Greetings())
                .build()).hasMessageContaining("functionService is off");
        assertThatThrownBy(() -> ClusterOptions.newBuilder().serviceReadyTimeout(Duration.ZERO).build())
                .hasMessageContaining("serviceReadyTimeout must be positive");
    }

    @Test
    void aHubBeyondLoopbackNeedsTokensOrAnExplicitInsecureChoice() {
        assertThatThrownBy(() -> ClusterOptions.newBuilder().hubHost("0.0.0.0").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hubHost 0.0.0.0 is not a loopback address: every machine that reaches it could run "
                        + "workflows and register services; set auth TOKENS (a token per connection), or "
                        + "INSECURE_OFF to run without authentication anyway");
        assertThat(ClusterOptions.newBuilder().hubHost("0.0.0.0").auth(ClusterAuth.TOKENS).build().auth())
                .isEqualTo(ClusterAuth.TOKENS);
        assertThat(ClusterOptions.newBuilder().hubHost("0.0.0.0").auth(ClusterAuth.INSECURE_OFF).build().auth())
                .isEqualTo(ClusterAuth.INSECURE_OFF);
        assertThat(ClusterOptions.newBuilder().hubHost("localhost").build().loopbackOnly()).isTrue();
        assertThat(ClusterOptions.newBuilder().hubHost("::1").build().loopbackOnly()).isTrue();
    }

    @Test
    void withTokensOnlyTokenHoldersGetInAndTheClustersOwnTokensAreRevokedOnClose(TestRedis redis)
            throws Exception {
        TokenStore store = new TokenStore(redis.connect().sync(), redis.prefix(), Clock.systemUTC());
        String alice;
        try (GleitzeitCluster cluster = GleitzeitCluster.start(options(redis).auth(ClusterAuth.TOKENS).build())) {
            // the cluster's own function service and client hold tokens of their roles
            WorkflowCompletedNotice result = cluster.createWorkflow("with tokens")
                    .addFunctionTask("Gcd", "gcd", List.of(12, 18), Map.of()).submit().get(60, TimeUnit.SECONDS);
            assertThat(result.status()).isEqualTo("completed");
            assertThat(store.list()).extracting(r -> r.role().wireName()).containsExactlyInAnyOrder("service",
                    "client");

            try (GleitzeitClient anonymous = GleitzeitClient.connect(ClientOptions.newBuilder()
                    .hubUrl(cluster.hubUrl()).build())) {
                assertThatThrownBy(() -> anonymous.list(null, 1).get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(GleitzeitClientException.class,
                                e -> assertThat(e.code()).isEqualTo("forbidden"));
            }
            alice = cluster.issueToken(Role.CLIENT, "alice").secret();
            try (GleitzeitClient client = GleitzeitClient.connect(ClientOptions.newBuilder()
                    .hubUrl(cluster.hubUrl()).token(alice).build())) {
                assertThat(client.list(null, 1).get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        }
        assertThat(store.list()).extracting(TokenRecord::name).containsExactly("alice");
    }

    @Test
    void anEmbeddedServiceThatFailsToStartStopsWhatAlreadyStarted(TestRedis redis) {
        EmbeddedService broken = new EmbeddedService() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public AutoCloseable start(String hubUrl, String token, Duration readyTimeout) {
                throw new IllegalStateException("no endpoints configured");
            }
        };
        assertThatThrownBy(() -> GleitzeitCluster.start(options(redis).service(broken).build()))
                .hasMessageContaining("the broken service could not start: no endpoints configured")
                .isNotInstanceOf(CompletionException.class);
    }
}
