package io.gleitzeit.replay.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.replay.testing.Cli;
import io.gleitzeit.replay.testing.SampleWorkflows;
import io.gleitzeit.replay.testing.Script;
import io.gleitzeit.replay.testing.TestLog;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RedisTest
class ExportImportTest {
    private TestRedis redis;
    private RedisCommands<String, String> commands;
    private String copyPrefix;

    @TempDir
    Path dir;

    @BeforeEach
    void threeWorkflowsInTheLog(TestRedis redis) {
        this.redis = redis;
        this.commands = redis.connect().sync();
        this.copyPrefix = redis.prefix() + "copy:";
        var log = TestLog.log(redis);
        SampleWorkflows.retried("wf-a").appendTo(log);
        SampleWorkflows.failedUnderContinue("wf-b").appendTo(log);
        SampleWorkflows.cancelled("wf-c").appendTo(log);
    }

    private Path export(String... args) {
        Path file = dir.resolve("export.jsonl");
        List<String> all = new java.util.ArrayList<>(List.of("export", "--out", file.toString()));
        all.addAll(List.of(args));
        Cli.Run run = Cli.on(redis, all.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        return file;
    }

    @Nested
    class Export {
        @Test
        void writesOneLinePerCommitWithTheEventsExactlyAsStored() throws Exception {
            Path file = export("wf-a");

            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            KeyLayout keys = TestLog.keys(redis);
            List<String> stored = commands.xrange(keys.workflowStream("wf-a"), io.lettuce.core.Range.unbounded())
                    .stream().map(m -> m.getBody().get("e")).toList();
            assertThat(lines).hasSize(stored.size());
            assertThat(lines.get(3)).isEqualTo("{\"workflow_id\":\"wf-a\",\"first_version\":5,\"events\":"
                    + stored.get(3) + "}");
        }

        @Test
        void withoutIdsExportsEveryWorkflowAndSaysSoOnStderr() {
            Cli.Run run = Cli.on(redis, "export");

            assertThat(run.code()).isZero();
            assertThat(run.lines()).hasSize(12 + 5 + 5);
            assertThat(run.err()).isEqualTo("exported 3 workflows, 22 commits, 37 events\n");
        }

        @Test
        void sinceSelectsWorkflowsSubmittedFromThatMoment() {
            assertThat(Cli.on(redis, "export", "--since", Script.T0.toString()).lines()).hasSize(22);
            assertThat(Cli.on(redis, "export", "--since", Script.T0.plusMillis(1).toString()).lines()).isEmpty();
        }

        @Test
        void anUnknownWorkflowIsNotFoundAndNothingIsWritten() {
            Path file = dir.resolve("never.jsonl");

            Cli.Run run = Cli.on(redis, "export", "wf-a", "wf-nope", "--out", file.toString());

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: not found (no stream): wf-nope\n");
            assertThat(file).doesNotExist();
        }

        @Test
        void idsAndSinceTogetherAreAUsageError() {
            assertThat(Cli.on(redis, "export", "wf-a", "--since", Script.T0.toString()).code()).isEqualTo(2);
            assertThat(Cli.on(redis, "export", "--since", "yesterday").err()).contains("--since");
        }
    }

    @Nested
    class Import {
        @Test
        void reAppendsIntoAnotherPrefixSoThatTheCopyVerifiesAndFoldsTheSame() {
            Path file = export();

            Cli.Run imported = Cli.onPrefix(redis, copyPrefix, "import", file.toString());

            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.lines()).contains("imported wf-a: versions 1..19 in 12 commits",
                    "imported 3 workflows, 22 commits, 37 events into prefix '" + copyPrefix + "' at "
                            + redis.uri().getHost() + ":" + redis.uri().getPort());
            Cli.Run verified = Cli.onPrefix(redis, copyPrefix, "verify", "--all");
            assertThat(verified.code()).as(verified.out()).isZero();
            assertThat(verified.out()).startsWith("checked 3 workflows, 22 commits, 37 events");
            for (String wf : List.of("wf-a", "wf-b", "wf-c")) {
                assertThat(Cli.onPrefix(redis, copyPrefix, "state", wf, "--json").out())
                        .isEqualTo(Cli.on(redis, "state", wf, "--json").out());
                assertThat(Cli.onPrefix(redis, copyPrefix, "timeline", wf, "--json").out())
                        .isEqualTo(Cli.on(redis, "timeline", wf, "--json").out());
            }
        }

        @Test
        void refusesToOverwriteAnExistingWorkflowAndWritesNothing() {
            Path file = export();
            Cli.onPrefix(redis, copyPrefix, "import", file.toString());
            KeyLayout copy = TestLog.keys(copyPrefix);
            commands.del(copy.workflowStream("wf-a"), copy.workflowStream("wf-c"));
            long eventsBefore = totalEvents(copy);

            Cli.Run again = Cli.onPrefix(redis, copyPrefix, "import", file.toString());

            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).isEqualTo("error: refusing to overwrite workflows that exist in the target: "
                    + "wf-b; nothing was imported\n");
            assertThat(commands.exists(copy.workflowStream("wf-a"))).isZero();
            assertThat(totalEvents(copy)).isEqualTo(eventsBefore);
        }

        @Test
        void refusesAFileWhoseHistoryHasAGap() throws Exception {
            Path file = export("wf-c");
            List<String> lines = Files.readAllLines(file);
            Files.write(file, List.of(lines.get(0), lines.get(2)));

            Cli.Run run = Cli.onPrefix(redis, copyPrefix, "import", file.toString());

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("nothing was imported", "wf-c v4 [versions-contiguous] expected version 2"
                    + " but found 4");
            assertThat(commands.exists(TestLog.keys(copyPrefix).workflowStream("wf-c"))).isZero();
        }

        @Test
        void namesTheLineThatIsNotACommit() throws Exception {
            Path file = dir.resolve("bad.jsonl");
            Files.write(file, List.of("{\"workflow_id\":\"x\",\"events\":[]}"));

            Cli.Run run = Cli.onPrefix(redis, copyPrefix, "import", file.toString());

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: " + file + ":1: a commit line needs workflow_id (text), "
                    + "first_version (number) and events (array)\n");
        }

        @Test
        void carriesPayloadsStoredByReferenceSoThatTheCopyReadsTheSameValues() throws Exception {
            SampleWorkflows.largeResult("wf-big", 400_000).appendTo(TestLog.log(redis));
            Path file = export("wf-big");
            KeyLayout original = TestLog.keys(redis);
            String sha = commands.hkeys(original.blobs("wf-big")).get(0);
            assertThat(Files.readAllLines(file)).last().asString().startsWith("{\"workflow_id\":\"wf-big\","
                    + "\"blob_sha256\":\"" + sha + "\",\"content\":\"<p>xxx");

            Cli.Run imported = Cli.onPrefix(redis, copyPrefix, "import", file.toString());

            assertThat(imported.code()).as(imported.err()).isZero();
            KeyLayout copy = TestLog.keys(copyPrefix);
            assertThat(commands.hgetall(copy.blobs("wf-big"))).isEqualTo(commands.hgetall(original.blobs("wf-big")));
            var copied = new io.gleitzeit.log.redis.RedisEventLog(redis.connect(), copy,
                    io.gleitzeit.event.codec.EventCodec.standard());
            assertThat(copied.readWorkflow("wf-big", 0).toCompletableFuture().join())
                    .isEqualTo(TestLog.log(redis).readWorkflow("wf-big", 0).toCompletableFuture().join())
                    .anySatisfy(e -> assertThat(e.payload()).isInstanceOf(TaskCompleted.class)
                            .extracting(p -> ((TaskCompleted) p).result().asText()).asString().hasSize(400_007));
        }

        @Test
        void refusesAPayloadWhoseContentDoesNotMatchItsHash() throws Exception {
            SampleWorkflows.largeResult("wf-big", 400_000).appendTo(TestLog.log(redis));
            Path file = export("wf-big");
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
            lines.set(lines.size() - 1, lines.get(lines.size() - 1).replace("<p>xxx", "<p>yyy"));
            Files.write(file, lines);

            Cli.Run run = Cli.onPrefix(redis, copyPrefix, "import", file.toString());

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains(file + ":" + lines.size() + ": the content of payload",
                    "does not match its SHA-256");
            assertThat(commands.exists(TestLog.keys(copyPrefix).workflowStream("wf-big"))).isZero();
        }

        private long totalEvents(KeyLayout keys) {
            long n = 0;
            for (int p = 0; p < keys.partitions().count(); p++) {
                n += commands.xlen(keys.events(p));
            }
            return n;
        }
    }
}
