package io.gleitzeit.ops.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.orchestrator.hub.monitor.MonitorHub;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.projections.Projector;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gleitzeit monitor --once} against a real hub serving monitors from real projections. */
@RedisTest
class MonitorCommandTest {
    private Projector projector;
    private HubTransport hub;
    private MonitorHub monitor;
    private RedisEventLog log;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = GleitzeitCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void startAHubWithACluster(TestRedis redis) {
        KeyLayout layout = new KeyLayout(redis.prefix(), new PartitionScheme(2));
        log = new RedisEventLog(redis.connect(), layout, EventCodec.standard());
        projector = new Projector(redis.client(), layout, log.decoder(), MonitoringModels.all(),
                ProjectorOptions.newBuilder().block(Duration.ofMillis(50)).flushInterval(Duration.ofMillis(10))
                        .build());
        projector.start();
        hub = HubTransport.create(HubTransportOptions.newBuilder().host("127.0.0.1").port(0).build(),
                Authenticator.allowAll());
        monitor = MonitorHub.create(redis.client(), layout, MonitorOptions.newBuilder().build()).install(hub);
        hub.start();
        monitor.start();
    }

    @AfterEach
    void stop() {
        monitor.close();
        hub.stop(Duration.ofSeconds(5));
        projector.close();
    }

    private void cluster(Object event) {
        log.appendClusterEvent(new EventEnvelope<>("c-" + System.nanoTime(), null, 0, Instant.now(), null, null,
                "test", (io.gleitzeit.event.ClusterEvent) event)).toCompletableFuture().join();
    }

    private void commit(String workflowId, long expected, WorkflowEvent... events) {
        List<EventEnvelope<WorkflowEvent>> envelopes = new java.util.ArrayList<>();
        for (WorkflowEvent e : events) {
            expected++;
            envelopes.add(new EventEnvelope<>(workflowId + ":" + expected, workflowId, expected, Instant.now(),
                    "test", workflowId, "test", e));
        }
        log.append(new AppendRequest(workflowId, AppendCondition.expectVersion(expected - events.length), envelopes,
                List.of(), ReadyQueueChange.UNCHANGED)).toCompletableFuture().join();
    }

    @Test
    void oncePrintsOneSnapshotWithServicesEndpointsWorkflowsAndEvents() {
        // given a function service with a task in flight and an LLM service with a GPU endpoint
        cluster(new ServiceRegistered("svc-fn", "py-functions", "function", "hub-1", List.of("python_execution"), 4,
                List.of("extract"), List.of(), List.of(), List.of(), "1.0"));
        cluster(new ServiceRegistered("svc-llm", "ollama", "llm", "hub-1", List.of("llm_generation"), 2, List.of(),
                List.of("llama3"), List.of("internal"),
                List.of(new EndpointInfo("gpu-a", "http://10.0.0.5:11434", List.of("llama3"), "A100", 2)), "1.0"));
        cluster(new EndpointStatusReported("svc-llm", "gpu-a", true, 0, List.of("llama3"), 8_000_000_000L,
                24_000_000_000L, 40.0));
        WorkflowDefinition definition = Workflows.workflow("wf-1").name("Report").function("Extract", "extract")
                .build();
        commit("wf-1", 0, new WorkflowSubmitted(definition, "test"), new TaskReady("wf-1/0", 1));
        commit("wf-1", 2, new TaskDispatched("wf-1/0", 1, new DispatchTarget("svc-fn", "py-functions", "hub-1",
                null), new RoutingDecision("least_loaded", List.of(), "test"), "python_execution",
                JsonNodeFactory.instance.objectNode(), null));
        String url = "http://127.0.0.1:" + hub.port();

        // when the projections have caught up
        Run[] last = new Run[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = run("monitor", "--hub", url, "--once");
            return last[0].out.contains("Workflows: 1 running") && last[0].out.contains("Tasks: 1/4");
        });

        // then
        Run r = last[0];
        assertThat(r.exit).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).doesNotContain("\u001b[");
        List<String> lines = r.out.lines().toList();
        assertThat(lines.get(0)).startsWith("Gleitzeit cluster monitor  " + url);
        assertThat(lines).contains(
                "Services: 2 connected | Workflows: 1 running, 0 completed, 0 failed, 0 cancelled",
                "SERVICES", "ENDPOINTS", "RECENT EVENTS");
        assertThat(lines).anyMatch(l -> l.matches(
                " {2}\\[FN] {2}py-functions +active +Tasks: 1/4 +Success: +100\\.0% +python_execution"));
        assertThat(lines).anyMatch(l -> l.matches(
                " {2}\\[LLM] ollama +active +Tasks: 0/2 +Success: +100\\.0% +llm_generation"));
        assertThat(lines).anyMatch(l -> l.matches(
                " {2}gpu-a +svc-llm +healthy +0/2 +GPU \\[###\\.{7}] 8\\.0/24\\.0 GB +- +llama3"));
        assertThat(lines).anyMatch(l -> l.matches(" {2}\\d\\d:\\d\\d:\\d\\d {2}task wf-1/0 attempt 1 ready"));
        assertThat(r.out).contains("Queue: 0 (urgent 0, high 0, normal 0, low 0) | Active tasks: 1");
    }

    @Test
    void aHubUrlThatIsNotHttpIsAUsageErrorNamingTheOption() {
        Run r = run("monitor", "--hub", "redis://localhost:6379", "--once");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--hub must be an http:// or https:// URL");
    }

    @Test
    void aHubThatDoesNotAnswerFailsWithAClearMessage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Run r = run("monitor", "--hub", "http://127.0.0.1:" + closedPort, "--once", "--timeout", "2");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("gleitzeit monitor: ").doesNotContain("at io.gleitzeit");
    }
}
