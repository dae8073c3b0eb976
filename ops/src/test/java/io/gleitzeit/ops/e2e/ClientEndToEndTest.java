package io.gleitzeit.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.client.ClientOptions;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.GleitzeitClientException;
import io.gleitzeit.client.Subscription;
import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.client.WorkflowListing;
import io.gleitzeit.client.WorkflowSnapshot;
import io.gleitzeit.protocol.TaskCompletedNotice;
import io.gleitzeit.protocol.TaskStatusNotice;
import io.gleitzeit.protocol.WorkflowCancelledNotice;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.protocol.WorkflowStartedNotice;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java client against a real node over real sockets, with the Java function service executing. */
@RedisTest
class ClientEndToEndTest {
    private Hub hub;
    private GleitzeitClient client;

    @BeforeEach
    void setUp(TestRedis redis) {
        hub = new Hub(redis);
        client = hub.client();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void aSubmittedWorkflowRunsAndItsResultArrivesWithDataFlow() {
        String id = client.submit(WorkflowBuilder.named("numbers")
                .functionTask("Fib", "fibonacci_sequence", t -> t.kwarg("n", 10))
                .functionTask("Stats", "analyze_numbers", t -> t.arg("{{Fib.result}}").dependsOn("Fib"))
                .build()).join();

        WorkflowCompletedNotice result = client.awaitResult(id).orTimeout(60, TimeUnit.SECONDS).join();

        assertThat(result.workflowId()).isEqualTo(id);
        assertThat(result.status()).isEqualTo("completed");
        assertThat(result.completedTasks()).isEqualTo(2);
        assertThat(result.results().get("Fib")).hasSize(10);
        assertThat(result.results().get("Stats").get("sum").asInt()).isEqualTo(88);
    }

    @Test
    void aFollowerSeesEveryRoomEventFromTheStartInOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        WorkflowListener listener = new WorkflowListener() {
            @Override
            public void onStarted(WorkflowStartedNotice started) {
                seen.add("started " + started.totalTasks());
            }

            @Override
            public void onTaskStatus(TaskStatusNotice status) {
                seen.add(status.taskName() + " " + status.status());
            }

            @Override
            public void onTaskCompleted(TaskCompletedNotice completed) {
                seen.add(completed.taskName() + " result " + completed.result());
            }

            @Override
            public void onCompleted(WorkflowCompletedNotice completed) {
                seen.add("workflow " + completed.status());
            }
        };

        client.submit(WorkflowBuilder.named("one").functionTask("Gcd", "gcd", t -> t.arg(12).arg(18)).build(),
                listener).join();

        await().atMost(Hub.WAIT).until(() -> seen.contains("workflow completed"));
        assertThat(seen).containsSubsequence("started 1", "Gcd ready", "Gcd dispatched", "Gcd running",
                "Gcd completed", "Gcd result 6", "workflow completed");
        assertThat(seen).filteredOn("workflow completed"::equals).hasSize(1);
    }

    @Test
    void cancellingARunningWorkflowStopsItsTaskAtTheService() throws Exception {
        SlowFunctions.interrupted = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        List<String> statuses = new CopyOnWriteArrayList<>();
        String id = client.submit(WorkflowBuilder.named("slow").functionTask("Block", "block", null).build(),
                new WorkflowListener() {
                    @Override
                    public void onTaskStatus(TaskStatusNotice status) {
                        statuses.add(status.status());
                    }

                    @Override
                    public void onCancelled(WorkflowCancelledNotice notice) {
                        cancelled.countDown();
                    }
                }).join();
        await().atMost(Hub.WAIT).until(() -> statuses.contains("running"));

        client.cancel(id, "changed my mind").join();

        assertThat(cancelled.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(client.awaitResult(id).orTimeout(60, TimeUnit.SECONDS).join().status()).isEqualTo("cancelled");
        assertThat(SlowFunctions.interrupted.await(60, TimeUnit.SECONDS)).as("task:cancel reached the service")
                .isTrue();
        WorkflowSnapshot snapshot = client.status(id).join();
        assertThat(snapshot.status()).isEqualTo("cancelled");
        assertThat(snapshot.reason()).contains("changed my mind");
        assertThat(snapshot.tasks()).singleElement().satisfies(t -> assertThat(t.status()).isEqualTo("cancelled"));
    }

    @Test
    void anInvalidDocumentIsRefusedWithEveryProblemByJsonPath() {
        assertThatThrownBy(() -> client.submit("""
                {"name": "bad", "tasks": [
                  {"name": "A", "type": "function"},
                  {"name": "B", "type": "nonsense", "dependencies": ["Z"]}]}""").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(GleitzeitClientException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_workflow");
                    assertThat(e.details()).extracting(d -> d.path())
                            .contains("$.tasks[0].function", "$.tasks[1].type");
                });
        assertThat(client.list(null, null).join()).isEmpty();
    }

    @Test
    void statusAndListDescribeWorkflowsAndUnknownIdsAreNotFound() {
        String id = client.submit(WorkflowBuilder.named("listed").workflowId("listed-1")
                .functionTask("Lcm", "lcm", t -> t.arg(4).arg(6)).build()).join();
        assertThat(id).isEqualTo("listed-1");
        client.awaitResult(id).orTimeout(60, TimeUnit.SECONDS).join();

        WorkflowSnapshot status = client.status(id).join();
        assertThat(status.isFinished()).isTrue();
        assertThat(status.tasks()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("Lcm");
            assertThat(t.result().asInt()).isEqualTo(12);
            assertThat(t.attempts()).isEqualTo(1);
        });
        await().atMost(Hub.WAIT).until(() -> client.list("completed", 10).join().stream()
                .map(WorkflowListing::workflowId).toList().contains(id));
        assertThat(client.list("running", 10).join()).extracting(WorkflowListing::workflowId).doesNotContain(id);
        assertThatThrownBy(() -> client.status("no-such-workflow").join()).cause()
                .isInstanceOfSatisfying(GleitzeitClientException.class, e -> assertThat(e.code())
                        .isEqualTo("not_found"));
    }

    @Test
    void subscribingToAFinishedWorkflowDeliversItsOutcomeOnce() throws Exception {
        String id = client.submit(WorkflowBuilder.named("done").functionTask("P", "is_prime", t -> t.arg(97))
                .build()).join();
        client.awaitResult(id).orTimeout(60, TimeUnit.SECONDS).join();

        List<WorkflowCompletedNotice> outcomes = new CopyOnWriteArrayList<>();
        try (GleitzeitClient other = hub.client();
             Subscription subscription = other.subscribe(id, new WorkflowListener() {
                 @Override
                 public void onCompleted(WorkflowCompletedNotice completed) {
                     outcomes.add(completed);
                 }
             }).join()) {
            assertThat(subscription.initialStatus()).isEqualTo("completed");
            await().atMost(Hub.WAIT).until(() -> !outcomes.isEmpty());
            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.results().get("P").asBoolean())
                    .isTrue());
        }
    }

    @Test
    void noReachableHubIsConnectFailedNamingEveryUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> GleitzeitClient.connect(ClientOptions.newBuilder().hubUrl(url)
                .connectTimeout(Duration.ofSeconds(2)).build()))
                .isInstanceOfSatisfying(GleitzeitClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(GleitzeitClientException.CONNECT_FAILED);
                    assertThat(e.getMessage()).contains(url);
                });
    }

    @Test
    void theClientMovesOnToTheNextHubWhenTheFirstIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GleitzeitClient failover = GleitzeitClient.connect(ClientOptions.newBuilder()
                .hubUrls(List.of("http://127.0.0.1:" + closedPort, hub.url()))
                .connectTimeout(Duration.ofSeconds(2)).build())) {
            assertThat(failover.connectedHub()).hasToString(hub.url());
            String id = failover.submit(WorkflowBuilder.named("via second").functionTask("F", "factorial",
                    t -> t.arg(5)).build()).join();
            assertThat(failover.awaitResult(id).orTimeout(60, TimeUnit.SECONDS).join().results().get("F").asInt())
                    .isEqualTo(120);
        }
    }
}
