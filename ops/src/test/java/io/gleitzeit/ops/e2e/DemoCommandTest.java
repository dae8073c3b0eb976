package io.gleitzeit.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.redis.local.LocalRedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gleitzeit demo} runs its example to completion with its own throwaway Redis, without any LLM. */
class DemoCommandTest {

    @Test
    void theDemoRunsToCompletionAndSaysWhyThereAreNoTextTasks() {
        Assumptions.assumeTrue(LocalRedisServer.findBinary().isPresent(),
                "the demo starts its own redis-server; none on PATH (apt-get install redis-server)");
        CommandLine cli = GleitzeitCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("demo");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("text tasks skipped:", "\"Gleitzeit demo\" started: 6 tasks", "] 6/6",
                        "completed: 6 completed, 0 failed", "Fibonacci: [0,1,1,2,3,5,8", "Prime Factors: [3,5,11,41]",
                        "Fingerprint: \"");
    }
}
