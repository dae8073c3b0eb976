package io.gleitzeit.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.redis.local.LocalRedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gleitzeit demo} runs its example to completion with its own throwaway Redis, without any LLM. */
class DemoCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run demo(String... args) {
        Assumptions.assumeTrue(LocalRedisServer.findBinary().isPresent(),
                "the demo starts its own redis-server; none on PATH (apt-get install redis-server)");
        CommandLine cli = GleitzeitCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The chunks printed after each {@code "  <task> > "} prefix, joined in order. */
    private static String streamedText(String out, String task) {
        String prefix = "  " + task + " > ";
        return out.lines().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .collect(java.util.stream.Collectors.joining());
    }

    @Test
    void withoutOllamaTheDemoSaysSoPlainlyAndRunsTheFunctionTasks() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Run r = demo("demo", "--ollama", "http://127.0.0.1:" + closedPort);

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out)
                .contains("text tasks skipped: no Ollama at http://127.0.0.1:" + closedPort,
                        "\"Gleitzeit demo\" started: 6 tasks", "] 6/6", "completed: 6 completed, 0 failed",
                        "Fibonacci: [0,1,1,2,3,5,8", "Prime Factors: [3,5,11,41]", "Fingerprint: \"");
    }

    @Test
    void withAnOllamaTheInternalLlmServiceStreamsTheTextTask() throws Exception {
        try (FakeOllama ollama = new FakeOllama()) {
            Run r = demo("demo", "--ollama", ollama.url());

            assertThat(r.exit).as(r.out + r.err).isZero();
            assertThat(r.out).contains("text tasks: Ollama at " + ollama.url() + " with model " + FakeOllama.MODEL,
                    "started: 7 tasks", "= Explain: The numbers grow fast.",
                    "completed: 7 completed, 0 failed",
                    "Explain: \"" + FakeOllama.ANSWER + "\"");
            // Other tasks' status lines may interrupt the stream, which then resumes on a new "Explain > " line.
            assertThat(streamedText(r.out, "Explain")).isEqualTo(FakeOllama.ANSWER);
            assertThat(ollama.prompts).singleElement().asString().contains("\"mean\":");
        }
    }
}
