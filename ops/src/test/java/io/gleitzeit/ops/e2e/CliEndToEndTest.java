package io.gleitzeit.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client commands driven through picocli against a running node: output, --json and exit codes. */
@RedisTest
class CliEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Hub hub;

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void setUp(TestRedis redis) {
        hub = new Hub(redis);
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private Run gleitzeit(String... args) {
        CommandLine cli = GleitzeitCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--hub");
        all.add(2, hub.url());
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private String file(String name, String json) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, json);
        return path.toString();
    }

    @Test
    void submitWaitPrintsTheResultsAndExitsZero() throws Exception {
        String doc = file("ok.json", """
                {"name": "cli", "tasks": [
                  {"name": "A", "type": "function", "function": "gcd", "args": [12, 18]},
                  {"name": "B", "type": "python", "function": "factorial", "args": ["{{A.result}}"],
                   "dependencies": ["A"]}]}""");

        Run r = gleitzeit("submit", doc, "--wait");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("completed: 2 completed, 0 failed", "A: 6", "B: 720");
    }

    @Test
    void submitWaitJsonIsTheWorkflowCompletedPayload() throws Exception {
        String doc = file("ok.json", """
                {"name": "cli", "tasks": [{"name": "P", "type": "function", "function": "is_prime", "args": [7]}]}""");

        Run r = gleitzeit("submit", doc, "--wait", "--json");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.json().get("status").asText()).isEqualTo("completed");
        assertThat(r.json().get("results").get("P").asBoolean()).isTrue();
    }

    @Test
    void submitWithoutWaitingPrintsTheIdAndStatusShowsIt() throws Exception {
        String doc = file("ok.json", """
                {"workflow_id": "cli-status-1", "name": "later",
                 "tasks": [{"name": "L", "type": "function", "function": "lcm", "args": [4, 6]}]}""");

        Run submitted = gleitzeit("submit", doc, "--json");
        assertThat(submitted.exit).as(submitted.err).isZero();
        assertThat(submitted.json().get("workflow_id").asText()).isEqualTo("cli-status-1");
        hub.client().awaitResult("cli-status-1").orTimeout(60, TimeUnit.SECONDS).join();

        Run status = gleitzeit("status", "cli-status-1", "--json");
        assertThat(status.exit).as(status.err).isZero();
        assertThat(status.json().get("status").asText()).isEqualTo("completed");
        assertThat(status.json().get("tasks").get(0).get("result").asInt()).isEqualTo(12);

        Run text = gleitzeit("status", "cli-status-1");
        assertThat(text.out).contains("cli-status-1 \"later\": completed", "L", "result: 12");
    }

    @Test
    void aFailedWorkflowExitsOne() throws Exception {
        String doc = file("fails.json", """
                {"name": "fails", "tasks": [{"name": "Bad", "type": "function", "function": "decode_base64",
                  "args": ["%%% not base64"], "retry": {"max_attempts": 1}}]}""");

        Run r = gleitzeit("submit", doc, "--wait");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("failed: 0 completed, 1 failed", "Bad FAILED:");
    }

    @Test
    void anInvalidDocumentExitsTwoListingEveryProblem() throws Exception {
        String doc = file("bad.json", """
                {"name": "bad", "tasks": [{"name": "A", "type": "function"}, {"name": "A", "type": "text"}]}""");

        Run text = gleitzeit("submit", doc);
        assertThat(text.exit).isEqualTo(2);
        assertThat(text.err).contains("invalid_workflow", "$.tasks[0].function", "$.tasks[1].name");

        Run json = gleitzeit("submit", doc, "--json");
        assertThat(json.exit).isEqualTo(2);
        assertThat(json.json().get("ok").asBoolean()).isFalse();
        assertThat(json.json().get("error").get("code").asText()).isEqualTo("invalid_workflow");
        assertThat(json.json().get("error").get("details")).isNotEmpty();
    }

    @Test
    void aFileThatIsNotJsonExitsTwoBeforeConnecting() throws Exception {
        Run r = gleitzeit("submit", file("x.json", "{not json"));
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("is not JSON");
        assertThat(gleitzeit("submit", dir.resolve("missing.json").toString()).err).contains("does not exist");
    }

    @Test
    void noHubExitsThreeWithAHint() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CommandLine cli = GleitzeitCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int exit = cli.execute("list", "--hub", "http://127.0.0.1:" + closedPort, "--connect-timeout", "2");

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("connect_failed", "./gleitzeit up");
    }

    @Test
    void followShowsTheBarEachTasksStateAndTheOutcome() throws Exception {
        String doc = file("follow.json", """
                {"name": "followed", "tasks": [
                  {"name": "Fib", "type": "function", "function": "fibonacci_sequence", "kwargs": {"n": 5}},
                  {"name": "Sum", "type": "function", "function": "analyze_numbers", "args": ["{{Fib.result}}"],
                   "dependencies": ["Fib"]}]}""");

        Run r = gleitzeit("submit", doc, "--follow");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("\"followed\" started: 2 tasks", "Fib: running", "] 1/2  Fib: completed",
                "= Fib: [0,1,1,2,3]", "] 2/2  Sum: completed", "completed: 2 completed, 0 failed");
    }

    @Test
    void followJsonPrintsOneRoomEventPerLine() throws Exception {
        String doc = file("follow.json", """
                {"name": "j", "tasks": [{"name": "H", "type": "function", "function": "hash_text",
                  "args": ["x"]}]}""");

        Run r = gleitzeit("submit", doc, "--follow", "--json");

        assertThat(r.exit).as(r.err).isZero();
        List<String> events = new ArrayList<>();
        for (String line : r.out.strip().split("\n")) {
            events.add(JSON.readTree(line).get("event").asText());
        }
        assertThat(events.get(0)).isEqualTo("workflow:started");
        assertThat(events).contains("task:status", "task:completed").last().isEqualTo("workflow:completed");
    }

    @Test
    void cancelStopsARunningWorkflowAndAnUnknownOneExitsOne() throws Exception {
        String doc = file("slow.json", """
                {"workflow_id": "cli-cancel-1", "name": "slow",
                 "tasks": [{"name": "Block", "type": "function", "function": "block"}]}""");
        CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> gleitzeit("submit", doc, "--wait"));
        org.awaitility.Awaitility.await().atMost(Hub.WAIT).until(() -> gleitzeit("status", "cli-cancel-1", "--json")
                .out.contains("\"running\""));

        Run cancel = gleitzeit("cancel", "cli-cancel-1", "--reason", "test");

        assertThat(cancel.exit).as(cancel.err).isZero();
        assertThat(waiting.get(60, TimeUnit.SECONDS).exit).isEqualTo(1);
        Run again = gleitzeit("cancel", "cli-cancel-1");
        assertThat(again.exit).isEqualTo(1);
        assertThat(again.err).contains("already_finished");
        assertThat(gleitzeit("cancel", "nope").err).contains("not_found");
    }

    @Test
    void listShowsWorkflowsByStatus() throws Exception {
        String doc = file("ok.json", """
                {"workflow_id": "cli-list-1", "name": "listed",
                 "tasks": [{"name": "G", "type": "function", "function": "gcd", "args": [2, 4]}]}""");
        assertThat(gleitzeit("submit", doc, "--wait").exit).isZero();

        org.awaitility.Awaitility.await().atMost(Hub.WAIT).until(() -> gleitzeit("list", "--status", "completed")
                .out.contains("cli-list-1"));
        Run json = gleitzeit("list", "--json", "--limit", "5");
        assertThat(json.json().get("workflows").get(0).get("workflow_id").asText()).isEqualTo("cli-list-1");
        Run bad = gleitzeit("list", "--status", "sleeping");
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.err).contains("$.status");
    }
}
