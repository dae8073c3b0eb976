package io.gleitzeit.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.ops.cli.GleitzeitCli;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gleitzeit soak} for about 40 seconds with a node killed every 15 seconds and a service every ten: nothing
 * lost, no duplicate effect, and the kills really happened. Also: options are checked before anything starts.
 */
@RedisTest
class SoakCommandTest {

    @Test
    void aShortSoakWithKillsLosesNothingAndDuplicatesNothing(TestRedis redis, @TempDir Path work) {
        StringWriter out = new StringWriter();
        CommandLine cli = GleitzeitCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute("soak", "--minutes", "0.7", "--kill-service-every", "10",
                "--kill-replica-every", "15", "--nodes", "2", "--services", "2", "--in-flight", "8",
                "--redis", "redis://" + redis.uri().getHost() + ":" + redis.uri().getPort(),
                "--work-dir", work.toString());

        String report = out.toString();
        assertThat(exit).as(report).isZero();
        assertThat(report).contains("duplicate effects 0").contains("result: PASS");
        assertThat(number(report, "lost (\\d+)")).isZero();
        assertThat(number(report, "completed (\\d+)")).isPositive();
        assertThat(number(report, "(\\d+) service kills")).isPositive();
        assertThat(number(report, "(\\d+) replica kills")).isPositive();
        assertThat(report).containsPattern("p50 [0-9.]+ ms, p99 [0-9.]+ ms")
                .containsPattern("Redis used_memory peak [0-9.]+ MiB");
    }

    @Test
    void refusesToKillTheOnlyNode(@TempDir Path work) {
        StringWriter err = new StringWriter();
        CommandLine cli = GleitzeitCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("soak", "--minutes", "1", "--nodes", "1", "--kill-replica-every", "5",
                "--work-dir", work.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--kill-replica-every: needs --nodes 2 or more");
    }

    private static long number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
