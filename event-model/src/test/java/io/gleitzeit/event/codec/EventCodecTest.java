package io.gleitzeit.event.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.DispatchReadyTasks;
import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.ReleaseServiceTasks;
import io.gleitzeit.command.ReportTaskAccepted;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.command.ReportTaskFailed;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.RetryPolicy;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.CandidateLoad;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EndpointInfo;
import io.gleitzeit.event.EndpointStatusReported;
import io.gleitzeit.event.Event;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.ServiceDisconnected;
import io.gleitzeit.event.ServiceRegistered;
import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.TaskEndpointSwitched;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskProgressed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskResultDiscarded;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.TaskTimedOut;
import io.gleitzeit.event.TokenUsage;
import io.gleitzeit.event.UnknownEvent;
import io.gleitzeit.event.WorkflowCancelled;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.event.WorkflowSubmitted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant AT = Instant.parse("2026-11-26T12:00:00.123Z");
    private static final String WF = "wf-1";
    private static final String TASK = "wf-1/0";

    private final EventCodec codec = EventCodec.standard();

    /** One instance of every event type, with every optional field set. */
    static List<Event> samples() {
        ObjectNode params = JSON.objectNode().put("function", "fibonacci");
        params.putArray("args").add(10);
        TaskDefinition task = new TaskDefinition("Fib", TaskType.FUNCTION, List.of(), RetryPolicy.DEFAULT,
                Duration.ofSeconds(30), Priority.HIGH, "svc", params);
        TaskDefinition text = new TaskDefinition("Say", TaskType.TEXT, List.of("Fib"), RetryPolicy.NONE, null,
                Priority.NORMAL, null, JSON.objectNode().put("prompt", "Result: {{Fib.result}}").put("model", "llama3"));
        WorkflowDefinition def = new WorkflowDefinition(WF, "Demo", ErrorStrategy.CONTINUE, Duration.ofMinutes(5),
                JSON.objectNode().put("owner", "team"), List.of(task, text));
        DispatchTarget target = new DispatchTarget("svc-1", "functions", "hub-a", "gpu1");
        RoutingDecision routing = new RoutingDecision("least_loaded",
                List.of(new CandidateLoad("svc-1", "gpu1", 2, 4, 12.5, true, true, 5, 17L)), "least loaded of 1");
        ObjectNode result = JSON.objectNode().put("value", 55);
        return List.of(
                new WorkflowSubmitted(def, "client:alice"),
                new TaskReady(TASK, 1),
                new TaskDispatched(TASK, 1, target, routing, "python_execution", params, AT.plusSeconds(30)),
                new TaskAccepted(TASK, 1, "svc-1"),
                new TaskProgressed(TASK, 1, 40, "working"),
                new TaskEndpointSwitched(TASK, 1, "gpu1", "gpu2"),
                new TaskCompleted(TASK, 1, result, new TokenUsage(10, 20), 42L, "svc-1", "gpu1"),
                new TaskFailed(TASK, 1, new TaskError("boom", "RuntimeException", true)),
                new TaskTimedOut(TASK, 1, Duration.ofSeconds(30)),
                new TaskRetryScheduled(TASK, 2, Duration.ofMillis(1500), AT.plusMillis(1500)),
                new TaskCancelled(TASK, 0, "cancelled by alice"),
                new TaskSkipped(TASK, "dependency 'X' failed"),
                new TaskResultDiscarded(TASK, 1, "attempt 2 is current"),
                new TaskBatchExpanded(TASK, 1, 3),
                new WorkflowCompleted(2, Map.of("Fib", result)),
                new WorkflowFailed("task 'Fib' failed", 1, 1, Map.of("Say", JSON.textNode("hi")), Map.of("Fib", "boom")),
                new WorkflowCancelled("no longer needed", "client:alice"),
                new ServiceRegistered("svc-1", "functions", "function", "hub-a", List.of("python_execution"), 8,
                        List.of("fibonacci"), List.of("llama3"), List.of("internal"),
                        List.of(new EndpointInfo("gpu1", "http://gpu1:11434", List.of("llama3"), "A100", 2, 5,
                                List.of("fast"))), "1.0", "sock-1", "round_robin"),
                new ServiceDisconnected("svc-1", "socket closed"),
                new EndpointStatusReported("svc-1", "gpu1", true, 1, List.of("llama3"), 1L << 30, 8L << 30, 120.0),
                new EventParked("gz:{p1}:commands", "1-0", "decider", WF, 5, "decoding failed"),
                new UnknownEvent("future.event", 3, JSON.objectNode().put("x", 1)));
    }

    private EventEnvelope<Event> envelope(Event payload, long version) {
        boolean workflowScoped = payload instanceof WorkflowEvent;
        return new EventEnvelope<>("e-" + version, workflowScoped ? WF : null, workflowScoped ? version : 0, AT,
                "cmd-1", WF, "replica-1", payload);
    }

    @Nested
    class Events {
        @Test
        void everyEventTypeRoundTripsToAnEqualEnvelope() {
            long version = 1;
            for (Event sample : samples()) {
                EventEnvelope<Event> original = envelope(sample, version++);
                EventEnvelope<Event> read = codec.decode(codec.encode(original));
                assertThat(read).as(sample.getClass().getSimpleName()).isEqualTo(original);
            }
        }

        @Test
        void samplesCoverEveryPermittedEventType() {
            Set<Class<?>> covered = samples().stream().map(Object::getClass).collect(Collectors.toSet());
            List<Class<?>> permitted = new ArrayList<>();
            collectPermitted(Event.class, permitted);
            assertThat(covered).containsAll(permitted);
        }

        @Test
        void storedFormCarriesTheEnvelopeFieldsAndSnakeCaseData() {
            EventEnvelope<Event> e = envelope(new TaskRetryScheduled(TASK, 2, Duration.ofMillis(1500), AT), 7);
            JsonNode tree = codec.toTree(e);
            assertThat(tree.get("type").asText()).isEqualTo("task.retry_scheduled");
            assertThat(tree.get("schema_version").asInt()).isEqualTo(1);
            assertThat(tree.get("task_id").asText()).isEqualTo(TASK);
            assertThat(tree.get("attempt").asInt()).isEqualTo(2);
            assertThat(tree.get("version").asLong()).isEqualTo(7);
            assertThat(tree.get("occurred_at").asText()).isEqualTo("2026-11-26T12:00:00.123Z");
            assertThat(tree.get("data").get("due_at").asText()).isEqualTo("2026-11-26T12:00:00.123Z");
            assertThat(tree.get("data").get("delay").asText()).isEqualTo("PT1.5S");
        }

        @Test
        void aCommitOfSeveralEventsRoundTripsInOrder() {
            List<EventEnvelope<Event>> commit = List.of(envelope(new TaskReady(TASK, 1), 2),
                    envelope(new TaskAccepted(TASK, 1, "svc"), 3));
            assertThat(codec.decodeAll(codec.encodeAll(commit))).isEqualTo(commit);
        }

        @Test
        void anUnknownTypeIsKeptAsUnknownEvent() {
            String json = "{\"event_id\":\"e1\",\"type\":\"workflow.paused\",\"schema_version\":2,"
                    + "\"workflow_id\":\"wf\",\"version\":3,\"occurred_at\":\"2026-01-01T00:00:00Z\","
                    + "\"producer\":\"r\",\"data\":{\"why\":\"maintenance\"},\"unknown_top_level\":true}";
            EventEnvelope<Event> read = codec.decode(json);
            assertThat(read.payload()).isEqualTo(new UnknownEvent("workflow.paused", 2,
                    JSON.objectNode().put("why", "maintenance")));
            assertThat(read.version()).isEqualTo(3);
        }

        @Test
        void unknownDataFieldsAreIgnored() {
            ObjectNode tree = codec.toTree(envelope(new TaskAccepted(TASK, 1, "svc"), 1));
            ((ObjectNode) tree.get("data")).put("added_by_a_newer_writer", 1);
            assertThat(codec.fromTree(tree).payload()).isEqualTo(new TaskAccepted(TASK, 1, "svc"));
        }

        @Test
        void fieldsAddedLaterReadAsTheirDefaultsFromEventsWrittenBefore() {
            // given a registration and a routing decision stored before endpoints had priority and tags
            String registered = "{\"event_id\":\"e1\",\"type\":\"service.registered\",\"schema_version\":1,"
                    + "\"version\":0,\"occurred_at\":\"2026-01-01T00:00:00Z\",\"producer\":\"hub-a\",\"data\":{"
                    + "\"service_id\":\"svc\",\"name\":\"ollama\",\"service_type\":\"llm\",\"hub_id\":\"hub-a\","
                    + "\"task_types\":[\"llm_generation\"],\"max_concurrent\":2,\"endpoints\":[{\"endpoint_id\":"
                    + "\"gpu1\",\"url\":\"http://gpu1:11434\",\"models\":[],\"gpu\":null,\"max_concurrent\":2}]}}";
            ObjectNode dispatched = codec.toTree(envelope(samples().get(2), 3));
            ObjectNode candidate = (ObjectNode) dispatched.at("/data/routing/candidates/0");
            candidate.remove("priority");
            candidate.remove("dispatched");

            // when
            ServiceRegistered service = (ServiceRegistered) codec.decode(registered).payload();
            TaskDispatched dispatch = (TaskDispatched) codec.fromTree(dispatched).payload();

            // then
            assertThat(service.endpoints()).singleElement().satisfies(e -> {
                assertThat(e.priority()).isZero();
                assertThat(e.tags()).isEmpty();
            });
            assertThat(service.routingStrategy()).isNull();
            assertThat(dispatch.routing().candidates().get(0).priority()).isZero();
            assertThat(dispatch.routing().candidates().get(0).dispatched()).isNull();
        }

        @Test
        void aNewerSchemaVersionOfAKnownTypeIsAClearError() {
            ObjectNode tree = codec.toTree(envelope(new TaskAccepted(TASK, 1, "svc"), 1));
            tree.put("schema_version", 9);
            assertThatThrownBy(() -> codec.fromTree(tree)).isInstanceOf(CodecException.class)
                    .hasMessageContaining("task.accepted v9 is newer than this reader's v1");
        }

        @Test
        void dataThatBreaksAnEventsRulesIsACodecError() {
            ObjectNode tree = codec.toTree(envelope(new TaskAccepted(TASK, 1, "svc"), 1));
            ((ObjectNode) tree.get("data")).put("attempt", 0);
            assertThatThrownBy(() -> codec.fromTree(tree)).isInstanceOf(CodecException.class)
                    .hasMessageContaining("task.accepted");
        }

        @Test
        void malformedJsonIsACodecError() {
            assertThatThrownBy(() -> codec.decode("{not json")).isInstanceOf(CodecException.class)
                    .hasMessageContaining("malformed JSON");
            assertThatThrownBy(() -> codec.decode("{\"type\":\"task.ready\"}")).isInstanceOf(CodecException.class)
                    .hasMessageContaining("no data object");
        }
    }

    @Nested
    class Upcasting {
        /** v1 of task.accepted named the service {@code node}; v2 calls it {@code service_id}. */
        private final Upcaster renameNode = new Upcaster() {
            @Override
            public String type() {
                return "task.accepted";
            }

            @Override
            public int fromVersion() {
                return 1;
            }

            @Override
            public ObjectNode upcast(ObjectNode data) {
                data.set("service_id", data.remove("node"));
                return data;
            }
        };

        @Test
        void anOlderVersionIsUpcastThroughTheChainBeforeBinding() {
            TypeRegistry<Event> registry = TypeRegistry.<Event>newBuilder()
                    .register(TaskAccepted.class, "task.accepted", 2).upcaster(renameNode).build();
            EventCodec v2Reader = new EventCodec(GleitzeitJson.newMapper(), registry, StandardTypes.commands());
            String v1 = "{\"event_id\":\"e1\",\"type\":\"task.accepted\",\"schema_version\":1,\"workflow_id\":\"wf-1\","
                    + "\"version\":4,\"occurred_at\":\"2026-01-01T00:00:00Z\",\"producer\":\"r\","
                    + "\"data\":{\"task_id\":\"wf-1/0\",\"attempt\":1,\"node\":\"svc-9\"}}";
            assertThat(v2Reader.decode(v1).payload()).isEqualTo(new TaskAccepted(TASK, 1, "svc-9"));
        }

        @Test
        void aRegistryWithoutTheUpcasterForAnOldVersionIsRefusedAtBuildTime() {
            assertThatThrownBy(() -> TypeRegistry.<Event>newBuilder()
                    .register(TaskAccepted.class, "task.accepted", 2).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no upcaster for task.accepted v1");
        }

        @Test
        void wireNamesAndClassesAreRegisteredOnce() {
            assertThatThrownBy(() -> TypeRegistry.<Event>newBuilder()
                    .register(TaskAccepted.class, "a", 1).register(TaskReady.class, "a", 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Commands {
        static List<WorkflowCommand> samples() {
            WorkflowDefinition def = new WorkflowDefinition(WF, "Demo", ErrorStrategy.STOP, null,
                    JSON.objectNode(), List.of(new TaskDefinition("A", TaskType.FUNCTION, List.of(),
                    RetryPolicy.DEFAULT, null, Priority.NORMAL, null, JSON.objectNode().put("function", "f"))));
            return List.of(new SubmitWorkflow(def, "alice"), new ReportTaskAccepted(TASK, 1, "svc"),
                    new ReportTaskProgress(TASK, 1, 50, "half", "gpu2"),
                    new ReportTaskCompleted(TASK, 1, JSON.arrayNode().add(1), new TokenUsage(1, 2), 5L, "svc", null),
                    new ReportTaskFailed(TASK, 1, new TaskError("x", "E", false), "svc"),
                    new CancelWorkflow("stop", "alice"), new FireTimer(TimerKind.RETRY_DUE, TASK, 2),
                    new FireTimer(TimerKind.WORKFLOW_TIMEOUT, null, 0), new DispatchReadyTasks("service joined"),
                    new ReleaseServiceTasks("svc", "heartbeat missed"));
        }

        @Test
        void everyCommandTypeRoundTrips() {
            for (WorkflowCommand c : samples()) {
                CommandEnvelope original = new CommandEnvelope("c-" + c.getClass().getSimpleName(), WF, AT, "hub-a",
                        "corr", c);
                assertThat(codec.decodeCommand(codec.encodeCommand(original))).isEqualTo(original);
            }
            Set<Class<?>> covered = samples().stream().map(Object::getClass).collect(Collectors.toSet());
            assertThat(covered).containsAll(Arrays.asList(WorkflowCommand.class.getPermittedSubclasses()));
        }

        @Test
        void anUnknownCommandTypeIsAnError() {
            assertThatThrownBy(() -> codec.decodeCommand("{\"command_id\":\"c\",\"type\":\"reboot\","
                    + "\"workflow_id\":\"wf\",\"issued_at\":\"2026-01-01T00:00:00Z\",\"data\":{}}"))
                    .isInstanceOf(CodecException.class).hasMessageContaining("unknown command type reboot");
        }
    }

    private static void collectPermitted(Class<?> type, List<Class<?>> out) {
        if (!type.isSealed()) {
            out.add(type);
            return;
        }
        for (Class<?> sub : type.getPermittedSubclasses()) {
            if (sub.isInterface()) {
                collectPermitted(sub, out);
            } else if (!out.contains(sub)) {
                out.add(sub);
            }
        }
    }

}
