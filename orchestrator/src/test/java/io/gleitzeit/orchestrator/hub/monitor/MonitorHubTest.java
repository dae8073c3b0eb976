package io.gleitzeit.orchestrator.hub.monitor;

import static io.gleitzeit.orchestrator.testing.EventScript.completed;
import static io.gleitzeit.orchestrator.testing.EventScript.dispatched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.orchestrator.hub.services.ServiceHub;
import io.gleitzeit.orchestrator.testing.MonitorCluster;
import io.gleitzeit.orchestrator.testing.SocketMonitor;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code monitor:*} over real sockets, with the projections and streams in a real Redis. */
@RedisTest
class MonitorHubTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private MonitorCluster cluster;
    private final List<SocketMonitor> sockets = new ArrayList<>();

    @BeforeEach
    void startCluster(TestRedis redis) {
        cluster = new MonitorCluster(redis, Duration.ofMillis(300));
    }

    @AfterEach
    void stopCluster() {
        sockets.forEach(SocketMonitor::close);
        cluster.close();
    }

    private SocketMonitor monitor() throws Exception {
        SocketMonitor socket = SocketMonitor.connect(cluster.hubUrl());
        sockets.add(socket);
        return socket;
    }

    private SocketMonitor subscribed() throws Exception {
        SocketMonitor socket = monitor();
        assertThat(socket.request(EventNames.MONITOR_SUBSCRIBE, Map.of("types", List.of("all"))).get("ok")
                .asBoolean()).isTrue();
        return socket;
    }

    private static WorkflowDefinition twoSteps(String id) {
        return Workflows.workflow(id).name("Report").function("Extract", "extract")
                .function("Format", "format", "Extract").build();
    }

    @Nested
    class Subscribe {
        @Test
        void answersInitialMetricsThenSubscribedThenRecentEventsInTheProtocolsShape() throws Exception {
            // given a registered service
            cluster.events.register("svc-fn", "function", 4, List.of("python_execution"));
            SocketMonitor socket = monitor();

            // when
            JsonNode ack = socket.request(EventNames.MONITOR_SUBSCRIBE, Map.of("types", List.of("all")));

            // then
            assertThat(ack.get("ok").asBoolean()).isTrue();
            assertThat(ack.get("types").get(0).asText()).isEqualTo("all");
            await().atMost(WAIT).until(() -> socket.eventNames().contains(EventNames.MONITOR_RECENT_EVENTS));
            assertThat(socket.eventNames()).startsWith(EventNames.MONITOR_INITIAL_METRICS,
                    EventNames.MONITOR_SUBSCRIBED, EventNames.MONITOR_RECENT_EVENTS);
            JsonNode initial = socket.payloads(EventNames.MONITOR_INITIAL_METRICS).get(0);
            assertThat(fields(initial)).containsExactlyInAnyOrder("metrics", "subscription_types",
                    "update_interval_seconds");
            assertThat(initial.get("update_interval_seconds").asDouble()).isEqualTo(0.3);
            assertThat(initial.get("subscription_types").get(0).asText()).isEqualTo("all");
            JsonNode metrics = initial.get("metrics");
            assertThat(fields(metrics)).contains("timestamp", "cluster_metrics", "node_metrics", "queue_metrics",
                    "aggregate_metrics", "endpoint_metrics", "workflow_metrics");
            assertThat(metrics.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(metrics.get("cluster_metrics").get("monitoring_clients").asInt()).isEqualTo(1);
            assertThat(metrics.get("cluster_metrics").get("connected_clients").asInt()).isEqualTo(1);
            assertThat(cluster.hub.roomMembers(ServiceHub.MONITOR_ROOM))
                    .as("registrations are announced to monitors there").hasSize(1);
            JsonNode subscribed = socket.payloads(EventNames.MONITOR_SUBSCRIBED).get(0);
            assertThat(subscribed.get("message").asText()).isNotBlank();
            assertThat(subscribed.get("types").get(0).asText()).isEqualTo("all");
        }

        @Test
        void rejectsAnUnknownTypeNamingItsPathAndSendsNothing() throws Exception {
            SocketMonitor socket = monitor();

            JsonNode ack = socket.request(EventNames.MONITOR_SUBSCRIBE, Map.of("types", List.of("all", "gpus")));

            assertThat(ack.get("ok").asBoolean()).isFalse();
            assertThat(ack.get("error").get("code").asText()).isEqualTo("bad_request");
            assertThat(ack.get("error").get("details").get(0).get("path").asText()).isEqualTo("$.types[1]");
            assertThat(socket.eventNames()).doesNotContain(EventNames.MONITOR_INITIAL_METRICS);
            assertThat(cluster.monitor.monitoringClients()).isZero();
        }

        @Test
        void anEmptyRequestSubscribesToEverything() throws Exception {
            SocketMonitor socket = monitor();

            JsonNode ack = socket.request(EventNames.MONITOR_SUBSCRIBE, Map.of());

            assertThat(ack.get("types").get(0).asText()).isEqualTo("all");
            await().atMost(WAIT).until(() -> socket.payloads(EventNames.MONITOR_METRICS_UPDATE).size() >= 1);
        }
    }

    @Nested
    class Updates {
        @Test
        void oneSnapshotPerIntervalIsSharedByEveryMonitor() throws Exception {
            // given three monitors
            SocketMonitor first = subscribed();
            SocketMonitor second = subscribed();
            SocketMonitor third = subscribed();

            // when several intervals pass
            await().atMost(WAIT).until(() -> List.of(first, second, third).stream()
                    .allMatch(s -> s.payloads(EventNames.MONITOR_METRICS_UPDATE).size() >= 4));

            // then every update the later monitors got is one the first got too, the same snapshot
            List<String> firstStamps = stamps(first);
            assertThat(stamps(second)).isSubsetOf(firstStamps);
            assertThat(stamps(third)).isSubsetOf(firstStamps);
            assertThat(firstStamps).doesNotHaveDuplicates().isSorted();
            // and no more snapshots were sent than intervals had subscribers
            assertThat(firstStamps.size()).isLessThanOrEqualTo((int) cluster.monitor.updatesSent());
            JsonNode update = first.payloads(EventNames.MONITOR_METRICS_UPDATE).get(0);
            assertThat(update.get("cluster_metrics").get("monitoring_clients").asInt()).isBetween(1, 3);
        }

        @Test
        void updatesFollowTheProjections() throws Exception {
            SocketMonitor socket = subscribed();

            cluster.events.register("svc-fn", "function", 4, List.of("python_execution"))
                    .submit(twoSteps("wf-1"))
                    .commit("wf-1", dispatched("wf-1/0", 1, "svc-fn", null));

            await().atMost(WAIT).until(() -> {
                List<JsonNode> updates = socket.payloads(EventNames.MONITOR_METRICS_UPDATE);
                JsonNode last = updates.isEmpty() ? null : updates.get(updates.size() - 1);
                return last != null && last.get("workflow_metrics").get("running").asInt() == 1
                        && last.get("node_metrics").size() == 1
                        && last.get("node_metrics").get(0).get("active_tasks").asInt() == 1;
            });
        }

        @Test
        void unsubscribingStopsTheUpdates() throws Exception {
            SocketMonitor leaving = subscribed();
            SocketMonitor staying = subscribed();
            await().atMost(WAIT).until(() -> leaving.payloads(EventNames.MONITOR_METRICS_UPDATE).size() >= 1);

            JsonNode ack = leaving.request(EventNames.MONITOR_UNSUBSCRIBE, Map.of());
            int before = leaving.payloads(EventNames.MONITOR_METRICS_UPDATE).size();
            int stayingBefore = staying.payloads(EventNames.MONITOR_METRICS_UPDATE).size();

            assertThat(ack.get("ok").asBoolean()).isTrue();
            await().atMost(WAIT).until(() -> leaving.eventNames().contains(EventNames.MONITOR_UNSUBSCRIBED));
            assertThat(leaving.payloads(EventNames.MONITOR_UNSUBSCRIBED).get(0).get("message").asText())
                    .isNotBlank();
            await().atMost(WAIT).until(() ->
                    staying.payloads(EventNames.MONITOR_METRICS_UPDATE).size() >= stayingBefore + 3);
            assertThat(leaving.payloads(EventNames.MONITOR_METRICS_UPDATE)).hasSize(before);
            assertThat(cluster.monitor.monitoringClients()).isEqualTo(1);
        }
    }

    @Nested
    class Events {
        @Test
        void eachTransitionIsSentAsAMonitorEvent() throws Exception {
            SocketMonitor socket = subscribed();

            cluster.events.register("svc-fn", "function", 4, List.of("python_execution"))
                    .submit(twoSteps("wf-2"))
                    .commit("wf-2", dispatched("wf-2/0", 1, "svc-fn", null))
                    .commit("wf-2", completed("wf-2/0", 1, "svc-fn", 12L), new TaskReady("wf-2/1", 1));

            await().atMost(WAIT).until(() -> types(socket).containsAll(List.of("service.registered",
                    "workflow.submitted", "task.ready", "task.dispatched", "task.completed")));
            JsonNode done = socket.payloads(EventNames.MONITOR_EVENT).stream()
                    .filter(e -> e.get("type").asText().equals("task.completed")).findFirst().orElseThrow();
            assertThat(fields(done)).containsExactlyInAnyOrder("timestamp", "kind", "type", "workflow_id",
                    "task_id", "attempt", "service_id", "message");
            assertThat(done.get("kind").asText()).isEqualTo("task");
            assertThat(done.get("workflow_id").asText()).isEqualTo("wf-2");
            assertThat(done.get("task_id").asText()).isEqualTo("wf-2/0");
            assertThat(done.get("attempt").asInt()).isEqualTo(1);
            assertThat(done.get("service_id").asText()).isEqualTo("svc-fn");
            assertThat(done.get("message").asText()).contains("completed in 12 ms");
            JsonNode registered = socket.payloads(EventNames.MONITOR_EVENT).stream()
                    .filter(e -> e.get("type").asText().equals("service.registered")).findFirst().orElseThrow();
            assertThat(registered.get("kind").asText()).isEqualTo("service");
            assertThat(registered.has("workflow_id")).isFalse();
        }

        @Test
        void aLaterMonitorGetsTheRecentEventsFirst() throws Exception {
            SocketMonitor early = subscribed();
            cluster.events.submit(twoSteps("wf-3"));
            await().atMost(WAIT).until(() -> types(early).contains("task.ready"));

            SocketMonitor late = subscribed();

            await().atMost(WAIT).until(() -> late.eventNames().contains(EventNames.MONITOR_RECENT_EVENTS));
            JsonNode recent = late.payloads(EventNames.MONITOR_RECENT_EVENTS).get(0).get("events");
            List<String> recentTypes = new ArrayList<>();
            recent.forEach(e -> recentTypes.add(e.get("type").asText()));
            assertThat(recentTypes).containsSubsequence("workflow.submitted", "task.ready");
        }
    }

    @Nested
    class WorkflowQueries {
        @Test
        void describesAWorkflowsGraphAndTimeline() throws Exception {
            SocketMonitor socket = monitor();
            cluster.events.submit(twoSteps("wf-4"))
                    .commit("wf-4", dispatched("wf-4/0", 1, "svc-fn", null));

            JsonNode ack = socket.request(EventNames.MONITOR_WORKFLOW, Map.of("workflow_id", "wf-4"));

            assertThat(ack.get("ok").asBoolean()).isTrue();
            JsonNode workflow = ack.get("workflow");
            assertThat(workflow.get("name").asText()).isEqualTo("Report");
            assertThat(workflow.get("status").asText()).isEqualTo("running");
            JsonNode tasks = workflow.get("tasks");
            assertThat(tasks).hasSize(2);
            assertThat(tasks.get(0).get("name").asText()).isEqualTo("Extract");
            assertThat(tasks.get(0).get("status").asText()).isEqualTo("dispatched");
            assertThat(tasks.get(0).get("service_name").asText()).isEqualTo("svc-fn-name");
            assertThat(tasks.get(1).get("dependencies").get(0).asText()).isEqualTo("wf-4/0");
            assertThat(tasks.get(1).get("status").asText()).isEqualTo("pending");
            List<String> timeline = new ArrayList<>();
            workflow.get("timeline").forEach(e -> timeline.add(e.get("type").asText()));
            assertThat(timeline).containsExactly("workflow.submitted", "task.ready", "task.dispatched");
        }

        @Test
        void anUnknownWorkflowIsNotFound() throws Exception {
            JsonNode ack = monitor().request(EventNames.MONITOR_WORKFLOW, Map.of("workflow_id", "nope"));

            assertThat(ack.get("ok").asBoolean()).isFalse();
            assertThat(ack.get("error").get("code").asText()).isEqualTo("not_found");
        }

        @Test
        void listsStoredSummariesByStatus() throws Exception {
            cluster.events.submit(twoSteps("wf-5")).submit(twoSteps("wf-6"))
                    .commit("wf-6", dispatched("wf-6/0", 1, "svc-fn", null), completed("wf-6/0", 1, "svc-fn", 5L));
            SocketMonitor socket = monitor();

            await().atMost(WAIT).until(() -> socket.request(EventNames.MONITOR_WORKFLOWS, Map.of("status", "running"))
                    .get("workflows").size() == 2);
            JsonNode all = socket.request(EventNames.MONITOR_WORKFLOWS, Map.of("limit", 1));
            JsonNode bad = socket.request(EventNames.MONITOR_WORKFLOWS, Map.of("status", "sleeping"));

            assertThat(all.get("workflows")).hasSize(1);
            JsonNode newest = all.get("workflows").get(0);
            assertThat(newest.get("workflow_id").asText()).isEqualTo("wf-6");
            assertThat(newest.get("status").asText()).isEqualTo("running");
            assertThat(newest.get("task_counts").get("completed").asInt()).isEqualTo(1);
            assertThat(bad.get("error").get("details").get(0).get("path").asText()).isEqualTo("$.status");
        }
    }

    private static List<String> stamps(SocketMonitor socket) {
        return socket.payloads(EventNames.MONITOR_METRICS_UPDATE).stream()
                .map(m -> m.get("timestamp").asText()).toList();
    }

    private static List<String> types(SocketMonitor socket) {
        return socket.payloads(EventNames.MONITOR_EVENT).stream().map(e -> e.get("type").asText()).toList();
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
