package io.gleitzeit.ops.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.cluster.ClusterOptions;
import io.gleitzeit.cluster.GleitzeitCluster;
import io.gleitzeit.ops.cli.GleitzeitCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gleitzeit submit --batch-folder DIR --type …}: usage errors, and a folder run through a real cluster. */
class SubmitBatchFolderTest {
    @TempDir
    Path folder;

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

    @Nested
    class UsageErrors {
        @Test
        void aFolderWithoutTypeNamesTheOption() {
            Run r = run("submit", "--batch-folder", folder.toString());

            assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).contains("--type: is required with --batch-folder: one of text, vision, python");
        }

        @Test
        void aFileAndAFolderTogether() {
            Run r = run("submit", "wf.json", "--batch-folder", folder.toString(), "--type", "text");

            assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).contains("FILE: give a workflow document or --batch-folder, not both");
        }

        @Test
        void batchOptionsWithoutAFolder() {
            Run r = run("submit", "wf.json", "--type", "text");

            assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).contains("apply only with --batch-folder");
        }

        @Test
        void neitherFileNorFolder() {
            Run r = run("submit");

            assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).contains("FILE: a workflow document (or '-' for standard input) is required");
        }

        @Test
        void aFolderWithoutMatchingFilesIsRefusedBeforeConnecting() throws IOException {
            Files.writeString(folder.resolve("a.csv"), "x");

            Run r = run("submit", "--batch-folder", folder.toString(), "--type", "vision", "--hub",
                    "http://127.0.0.1:1");

            assertThat(r.exit()).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).contains("--batch-folder: no file in " + folder + " matches");
        }
    }

    @Test
    void eachFileRunsThroughTheClusterAndTheResultsFollowFileNames() throws Exception {
        Files.writeString(folder.resolve("b.txt"), "Three words here.");
        Files.writeString(folder.resolve("a.txt"), "One. Two sentences here now.");
        try (GleitzeitCluster cluster = GleitzeitCluster.start(ClusterOptions.newBuilder()
                .keyPrefix("gz-batch-cli:").partitions(2).build())) {

            Run r = run("submit", "--hub", cluster.hubUrl(), "--batch-folder", folder.toString(), "--type", "python",
                    "--pattern", "*.txt", "--function", "text_statistics", "--python-arg", "content",
                    "--max-concurrency", "1", "--follow", "--json");

            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            JsonNode outcome = null;
            for (String line : r.out().lines().toList()) {
                JsonNode event = new ObjectMapper().readTree(line);
                if ("workflow:completed".equals(event.get("event").asText())) {
                    outcome = event.get("payload");
                }
            }
            assertThat(outcome).as(r.out()).isNotNull();
            assertThat(outcome.get("status").asText()).isEqualTo("completed");
            JsonNode perFile = outcome.get("results").get("Process files");
            assertThat(perFile).hasSize(2);
            assertThat(perFile.get(0).get("word_count").asInt()).isEqualTo(5);
            assertThat(perFile.get(1).get("word_count").asInt()).isEqualTo(3);
        }
    }
}
