package io.gleitzeit.replay.audit;

import static io.gleitzeit.replay.testing.Script.FUNCTIONS;
import static io.gleitzeit.replay.testing.Script.dispatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.Script;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class VerifyCommandTest {
    private static final Duration MS = Duration.ofMillis(1);
    private static final EventCodec CODEC = EventCodec.standard();

    private TestRedis redis;
    private RedisCommands<String, String> commands;
    private KeyLayout keys;

    @BeforeEach
    void setUp(TestRedis redis) {
        this.redis = redis;
        this.commands = redis.connect().sync();
        this.keys = TestLog.keys(redis);
    }

    /**
     * Writes a history straight into the workflow stream (and the index), bypassing the log's append and its
     * checks: how a buggy writer or a hand edit would leave it. Each commit goes to the entry id of its first event.
     */
    private void writeRaw(Script script) {
        for (List<EventEnvelope<WorkflowEvent>> commit : script.commits()) {
            long first = commit.get(0).version();
            commands.xadd(keys.workflowStream(script.workflowId()), new XAddArgs().id(first + "-0"),
                    Map.of("n", "" + commit.size(), "e", CODEC.encodeAll(commit)));
        }
        int partition = keys.partitions().partitionOf(script.workflowId());
        commands.zadd(keys.workflows(partition), Script.T0.toEpochMilli(), script.workflowId());
    }

    private static TaskCompleted done(String taskId) {
        return new TaskCompleted(taskId, 1, JsonNodeFactory.instance.textNode("ok"), null, null,
                FUNCTIONS.serviceId(), null);
    }

    private static Script chain(String id) {
        return Script.submit(Workflows.workflow(id).function("A", "a").function("B", "b", "A").build());
    }

    @Nested
    class ASoundLog {
        @Test
        void passesAndSaysWhatItChecked() {
            SampleWorkflows.retried("wf-good").appendTo(TestLog.log(redis));

            Cli.Run run = Cli.on(redis, "verify", "wf-good");

            assertThat(run.code()).isZero();
            assertThat(run.out()).isEqualTo("checked 1 workflows, 12 commits, 19 events, 0 dead letters, "
                    + "0 parked marks, 0 stored states: all invariants hold\n");
        }

        @Test
        void passesWithAllOverEveryPartition() {
            var log = TestLog.log(redis);
            SampleWorkflows.retried("wf-1").appendTo(log);
            SampleWorkflows.failedUnderContinue("wf-2").appendTo(log);
            SampleWorkflows.cancelled("wf-3").appendTo(log);

            Cli.Run run = Cli.on(redis, "verify", "--all");

            assertThat(run.code()).isZero();
            assertThat(run.out()).startsWith("checked 3 workflows, 22 commits, 37 events, ").endsWith("all invariants hold\n");
        }
    }

    @Nested
    class ABrokenLog {
        @Test
        void aVersionGapFails() {
            Script script = chain("wf-gap").commit(MS, new TaskReady("wf-gap/0", 1));
            writeRaw(Script.empty("wf-gap").commit(Duration.ZERO, script.events().get(0).payload()));
            EventEnvelope<WorkflowEvent> ready = script.events().get(1);
            commands.xadd(keys.workflowStream("wf-gap"), new XAddArgs().id("3-0"), Map.of("n", "1", "e",
                    CODEC.encodeAll(List.of(new EventEnvelope<>(ready.eventId(), "wf-gap", 3, ready.occurredAt(),
                            null, null, "x", ready.payload())))));

            Cli.Run run = Cli.on(redis, "verify", "wf-gap");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.lines()).contains(
                    "FAIL wf-gap v3 [versions-contiguous] expected version 2 but found 3 (event " + ready.eventId() + ")");
        }

        @Test
        void anIllegalTransitionFailsWithItsVersion() {
            writeRaw(chain("wf-illegal").commit(MS, new TaskReady("wf-illegal/0", 1)).commit(MS, done("wf-illegal/0")));

            Cli.Run run = Cli.on(redis, "verify", "wf-illegal");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("FAIL wf-illegal v3 [fold] workflow "
                    + "wf-illegal, event version 3: TaskCompleted (attempt 1) for task wf-illegal/0 'A' in status READY"));
        }

        @Test
        void aDispatchBeforeItsDependencyCompletedFails() {
            writeRaw(chain("wf-early").commit(MS, new TaskReady("wf-early/0", 1), dispatch("wf-early/0", 1, FUNCTIONS),
                    new TaskReady("wf-early/1", 1), dispatch("wf-early/1", 1, FUNCTIONS)));

            Cli.Run run = Cli.on(redis, "verify", "wf-early");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.lines()).contains("FAIL wf-early v5 [dispatch-after-dependencies] task wf-early/1 'B' "
                    + "attempt 1 dispatched while its dependency wf-early/0 'A' was DISPATCHED");
        }

        @Test
        void aDoubleDispatchFails() {
            writeRaw(chain("wf-twice").commit(MS, new TaskReady("wf-twice/0", 1), dispatch("wf-twice/0", 1, FUNCTIONS))
                    .commit(MS, dispatch("wf-twice/0", 1, FUNCTIONS)));

            Cli.Run run = Cli.on(redis, "verify", "wf-twice");

            assertThat(run.lines()).contains("FAIL wf-twice v4 [single-dispatch] task wf-twice/0 'A' attempt 1 "
                    + "dispatched again (first at version 3)");
        }

        @Test
        void aDoubleCompletionFails() {
            writeRaw(chain("wf-done").commit(MS, new TaskReady("wf-done/0", 1), dispatch("wf-done/0", 1, FUNCTIONS))
                    .commit(MS, done("wf-done/0")).commit(MS, done("wf-done/0")));

            Cli.Run run = Cli.on(redis, "verify", "wf-done");

            assertThat(run.lines()).contains("FAIL wf-done v5 [single-completion] task wf-done/0 'A' attempt 1 "
                    + "completed again (first at version 4)");
        }

        @Test
        void anEventAfterTheTerminalOneFails() {
            String id = "wf-late";
            writeRaw(Script.submit(Workflows.workflow(id).function("A", "a").build())
                    .commit(MS, new TaskReady(id + "/0", 1), dispatch(id + "/0", 1, FUNCTIONS))
                    .commit(MS, done(id + "/0"), new WorkflowCompleted(1, Map.of()))
                    .commit(MS, new TaskReady(id + "/0", 1)));

            Cli.Run run = Cli.on(redis, "verify", id);

            assertThat(run.lines()).contains("FAIL wf-late v6 [nothing-after-terminal] TaskReady follows the "
                    + "terminal WorkflowCompleted at version 5");
        }

        @Test
        void anUnreadableCommitFails() {
            writeRaw(chain("wf-garbled"));
            commands.xadd(keys.workflowStream("wf-garbled"), new XAddArgs().id("2-0"), Map.of("n", "1", "e",
                    "[{\"type\":\"task.ready\"}]"));

            Cli.Run run = Cli.on(redis, "verify", "wf-garbled");

            assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith(
                    "FAIL wf-garbled v2 [commit-readable] commit 2-0 cannot be read: "));
        }

        @Test
        void withAllAWorkflowIndexedWithoutAStreamFails() {
            SampleWorkflows.cancelled("wf-real").appendTo(TestLog.log(redis));
            commands.zadd(keys.workflows(keys.partitions().partitionOf("wf-ghost")), 1, "wf-ghost");

            Cli.Run run = Cli.on(redis, "verify", "--all");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.lines()).contains("FAIL wf-ghost [indexed] is in " + keys.workflows(keys.partitions()
                    .partitionOf("wf-ghost")) + " but has no stream " + keys.workflowStream("wf-ghost"));
            assertThat(run.lines().get(run.lines().size() - 1)).isEqualTo("checked 1 workflows, 5 commits, "
                    + "8 events, 0 dead letters, 0 parked marks, 0 stored states: 1 violations");
        }

        @Test
        void aDeadLetterOfAMissingWorkflowWithoutItsMarkFails() {
            String commandsStream = keys.commands(0);
            String id = commands.xadd(keys.deadLetters(commandsStream), Map.of("stream", commandsStream, "entry_id",
                    "1-0", "group", "decider", "consumer", "r1", "deliveries", "5", "reason", "boom", "parked_at",
                    "0", "f:wf", "wf-nowhere", "f:c", "{\"type\":\"report_task_progress\"}"));

            Cli.Run run = Cli.on(redis, "verify", "--all");

            String subject = "FAIL dead letter " + keys.scope(0) + " " + id + " [dead-letter] ";
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.lines()).contains(
                    subject + "refers to entry 1-0 of " + commandsStream + ", which does not exist",
                    subject + "refers to workflow wf-nowhere, which does not exist",
                    subject + "workflow wf-nowhere is not marked parked for group decider on " + commandsStream
                            + " (no field commands|decider|wf-nowhere in " + keys.parked(commandsStream) + ")");
        }

        @Test
        void aParkedMarkWithoutItsDeadLetterFails() {
            commands.hset(keys.parked(keys.commands(1)), "commands|decider|wf-x", "5-0");

            Cli.Run run = Cli.on(redis, "verify", "--all");

            assertThat(run.lines()).contains("FAIL parked mark " + keys.scope(1) + " commands|decider|wf-x [dead-letter] "
                    + "points at dead letter 5-0, which " + keys.deadLetters(keys.commands(1)) + " does not list");
        }
    }

    @Nested
    class Usage {
        @Test
        void needsAWorkflowOrAll() {
            assertThat(Cli.on(redis, "verify").code()).isEqualTo(2);
            Cli.Run both = Cli.on(redis, "verify", "wf-1", "--all");
            assertThat(both.code()).isEqualTo(2);
            assertThat(both.err()).startsWith("error: give either a WORKFLOW_ID or --all");
        }

        @Test
        void anUnknownWorkflowIsNotFound() {
            Cli.Run run = Cli.on(redis, "verify", "wf-none");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: workflow wf-none not found");
        }
    }
}
