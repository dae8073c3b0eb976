package io.gleitzeit.replay.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskProgress;
import io.gleitzeit.log.redis.ConsumerOptions;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.log.redis.StreamConsumer;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.Script;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Dead letters produced the real way: a consumer group whose handler keeps failing on one workflow's command. */
@RedisTest
class DlqCommandTest {
    private static final String WF = "wf-poison";

    private TestRedis redis;
    private RedisCommands<String, String> commands;
    private KeyLayout keys;
    private RedisEventLog log;
    private StreamConsumer consumer;
    private String stream;

    @BeforeEach
    void aParkedCommandWithAnotherHeldBehindIt(TestRedis redis) {
        this.redis = redis;
        commands = redis.connect().sync();
        keys = TestLog.keys(redis);
        log = TestLog.log(redis);
        SampleWorkflows.cancelled(WF).appendTo(log);
        stream = keys.commands(keys.partitions().partitionOf(WF));
        consumer = new StreamConsumer(redis.client(), log, ConsumerOptions.newBuilder().group("decider")
                .consumer("replica-1").streams(stream).maxDeliveries(2).retryDelay(Duration.ofMillis(20))
                .block(Duration.ofMillis(20)).claimInterval(Duration.ofMillis(50)).build(),
                entry -> CompletableFuture.failedFuture(new IllegalStateException("decider bug: cannot decide")));
        consumer.start().toCompletableFuture().join();
        send("cmd-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> commands.xlen(keys.deadLetters(stream)) == 1);
        send("cmd-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> commands.xlen(keys.held(stream, "decider", WF)) == 1);
    }

    private void send(String commandId) {
        log.send(new CommandEnvelope(commandId, WF, Script.T0, "test", WF,
                new ReportTaskProgress(WF + "/0", 1, 10, commandId))).toCompletableFuture().join();
    }

    @AfterEach
    void stopTheConsumer() {
        consumer.stop().toCompletableFuture().join();
    }

    private String deadLetterId() {
        return commands.xrange(keys.deadLetters(stream), io.lettuce.core.Range.unbounded()).get(0).getId();
    }

    @Nested
    class ListAndShow {
        @Test
        void listShowsTheParkedEntryWithItsReason() {
            Cli.Run run = Cli.on(redis, "dlq", "list");

            assertThat(run.code()).isZero();
            assertThat(run.lines()).hasSize(2);
            assertThat(run.lines().get(0)).startsWith("p" + keys.partitions().partitionOf(WF) + " " + deadLetterId()
                    + "  commands ").contains("group decider  workflow wf-poison  deliveries 2",
                    "reason: java.lang.IllegalStateException: decider bug: cannot decide");
            assertThat(run.lines().get(1)).isEqualTo("1 dead letters");
        }

        @Test
        void listOfAnotherPartitionIsEmpty() {
            int other = (keys.partitions().partitionOf(WF) + 1) % Cli.PARTITIONS;

            assertThat(Cli.on(redis, "dlq", "list", "--partition", "" + other).out()).isEqualTo("0 dead letters\n");
            assertThat(Cli.on(redis, "dlq", "list", "--partition", "9").code()).isEqualTo(2);
        }

        @Test
        void showDecodesTheOriginalCommandAndWhatWaitsBehindIt() {
            Cli.Run run = Cli.on(redis, "dlq", "show", deadLetterId());

            assertThat(run.code()).isZero();
            assertThat(run.out()).contains("stream       " + stream, "deliveries   2",
                    "workflow     wf-poison (parked behind this letter, 1 entries held)", "  wf: wf-poison",
                    "\"command_id\" : \"cmd-1\"", "\"type\" : \"report_task_progress\"");
        }

        @Test
        void showOfAnUnknownEntryIsNotFound() {
            Cli.Run run = Cli.on(redis, "dlq", "show", "1-1");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: no dead letter 1-1 in any partition\n");
        }

        @Test
        void verifyFindsTheDeadLetterConsistent() {
            Cli.Run run = Cli.on(redis, "verify", WF);

            assertThat(run.code()).as(run.out()).isZero();
            assertThat(run.out()).contains("1 dead letters, 1 parked marks, 0 stored states: all invariants hold");
        }
    }

    @Nested
    class Redrive {
        @Test
        void putsTheParkedAndTheHeldEntriesBackAndSaysSo() {
            String letter = deadLetterId();
            consumer.stop().toCompletableFuture().join();
            long before = commands.xlen(stream);

            Cli.Run run = Cli.on(redis, "dlq", "redrive", WF);

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.lines()).containsExactly("re-drove 2 entries of workflow wf-poison to " + stream
                    + " for group decider: dead letter " + letter + " (entry " + commands.xrange(stream,
                    io.lettuce.core.Range.unbounded()).get(0).getId() + ", java.lang.IllegalStateException: decider bug: cannot decide) and 1 held "
                    + "behind it", "re-drove 2 entries in 1 stream/group");
            assertThat(commands.xlen(stream)).isEqualTo(before + 2);
            assertThat(commands.xlen(keys.deadLetters(stream))).isZero();
            assertThat(commands.hlen(keys.parked(stream))).isZero();
        }

        @Test
        void aWorkflowWithoutDeadLettersIsNotFound() {
            Cli.Run run = Cli.on(redis, "dlq", "redrive", "wf-healthy");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: workflow wf-healthy has no dead letters in ");
        }
    }
}
