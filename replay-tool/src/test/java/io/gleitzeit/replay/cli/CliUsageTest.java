package io.gleitzeit.replay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.replay.testing.Cli;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Command-line mistakes exit 2 with a message naming the problem, before anything connects to Redis. */
class CliUsageTest {
    @Nested
    class UsageErrors {
        @Test
        void noCommandNamesTheCommands() {
            Cli.Run run = Cli.run();

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: a command is required: timeline, state, verify, export, "
                    + "import, dlq, stats").contains("--help");
        }

        @Test
        void anUnknownCommandOrOptionIsRejected() {
            assertThat(Cli.run("replay").code()).isEqualTo(2);
            Cli.Run run = Cli.run("timeline", "wf-1", "--colour");
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: Unknown option: '--colour'");
        }

        @Test
        void aMissingArgumentIsNamed() {
            Cli.Run run = Cli.run("timeline");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: Missing required parameter: 'WORKFLOW_ID'");
        }

        @Test
        void aBadPartitionCountIsNamedEvenAfterTheCommand() {
            Cli.Run run = Cli.run("state", "wf-1", "--partitions", "0");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: --partitions: partition count must be within 1..4096, was 0");
        }

        @Test
        void aPrefixWithBracesIsRejected() {
            Cli.Run run = Cli.run("--prefix", "gz{x}:", "timeline", "wf-1");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: --prefix: prefix must not contain '{' or '}'");
        }

        @Test
        void aBlankPointIsRejected() {
            Cli.Run run = Cli.run("state", "wf-1", "--at", " ");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: --at must not be blank");
        }

        @Test
        void dlqNeedsASubcommand() {
            assertThat(Cli.run("dlq").code()).isEqualTo(2);
        }
    }

    @Test
    void helpExitsZero() {
        Cli.Run run = Cli.run("--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("timeline", "verify", "dlq", "--redis", "GLEITZEIT_REDIS_URL");
    }

    @Test
    void anUnreachableRedisIsAFailureNamingTheUrl() {
        Cli.Run run = Cli.run("timeline", "wf-1", "--redis", "redis://127.0.0.1:1");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot connect to Redis at 127.0.0.1:1: ");
    }
}
