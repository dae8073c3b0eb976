package io.gleitzeit.ops.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.definition.WorkflowDocumentParser;
import io.gleitzeit.definition.template.ReferenceResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document {@code submit --batch-folder} builds, per type, and every refusal naming its option. */
class FolderBatchTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};

    @TempDir
    Path folder;

    private FolderBatchOptions.Builder options(FolderBatchKind kind) {
        return FolderBatchOptions.newBuilder(folder, kind);
    }

    private static WorkflowDefinition parsed(ObjectNode document) {
        return new WorkflowDocumentParser(() -> "wf-1").parse(document);
    }

    /** The parameters a unit would be dispatched with: the task's own, resolved against one element. */
    private static ObjectNode unitParameters(TaskDefinition task, int item) {
        return ReferenceResolver.over(Map.of()).withItem("item", task.batch().items().get(item))
                .resolve(task.parameters());
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(folder.resolve(name), text);
    }

    @Nested
    class Text {
        @Test
        void oneBatchTaskOverTheMatchingFilesInNameOrderWithTheirText() throws IOException {
            write("b.txt", "second");
            write("a.md", "first");
            write("notes.csv", "not matched");
            write(".hidden.txt", "not listed");
            Files.createDirectory(folder.resolve("sub.txt"));

            ObjectNode document = new FolderBatch(options(FolderBatchKind.TEXT).prompt("Summarise:").model("llama3")
                    .maxConcurrency(3).build()).document();

            WorkflowDefinition wf = parsed(document);
            assertThat(wf.errorStrategy()).isEqualTo(ErrorStrategy.CONTINUE);
            assertThat(wf.tasks()).hasSize(1);
            TaskDefinition task = wf.tasks().get(0);
            assertThat(task.name()).isEqualTo(FolderBatch.TASK_NAME);
            assertThat(task.type()).isEqualTo(TaskType.TEXT);
            assertThat(task.batch().maxConcurrency()).isEqualTo(3);
            JsonNode items = task.batch().items();
            assertThat(items).hasSize(2);
            assertThat(items.get(0).get("file").asText()).isEqualTo("a.md");
            assertThat(items.get(0).get("path").asText()).isEqualTo(folder.resolve("a.md").toAbsolutePath().toString());
            assertThat(items.get(1).get("content").asText()).isEqualTo("second");
            ObjectNode unit = unitParameters(task, 1);
            assertThat(unit.get("prompt").asText()).isEqualTo("Summarise:\n\nsecond");
            assertThat(unit.get("model").asText()).isEqualTo("llama3");
            assertThat(document.get("metadata").get("batch_type").asText()).isEqualTo("text");
        }

        @Test
        void aFileThatIsNotUtf8IsNamed() throws IOException {
            Files.write(folder.resolve("bad.txt"), new byte[] {(byte) 0xc3, (byte) 0x28});

            assertThatThrownBy(() -> new FolderBatch(options(FolderBatchKind.TEXT).build()).document())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--batch-folder: " + folder.resolve("bad.txt") + " is not UTF-8 text");
        }

        @Test
        void filesBeyondTheDocumentLimitAreRefusedBeforeAnythingIsSent() throws IOException {
            write("a.txt", "x".repeat(3000));

            assertThatThrownBy(() -> new FolderBatch(options(FolderBatchKind.TEXT).maxDocumentBytes(2000).build())
                    .document())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("takes 3000 bytes; a workflow document may have 2000");
        }
    }

    @Nested
    class Vision {
        @Test
        void imagesTravelBase64WithThePrompt() throws IOException {
            Files.write(folder.resolve("cat.png"), PNG);
            write("readme.txt", "not an image");

            WorkflowDefinition wf = parsed(new FolderBatch(options(FolderBatchKind.VISION).model("llava").build())
                    .document());

            TaskDefinition task = wf.tasks().get(0);
            assertThat(task.type()).isEqualTo(TaskType.VISION);
            assertThat(task.batch().items()).hasSize(1);
            ObjectNode unit = unitParameters(task, 0);
            assertThat(Base64.getDecoder().decode(unit.get("image").asText())).isEqualTo(PNG);
            assertThat(unit.get("prompt").asText()).isEqualTo(FolderBatchKind.VISION.defaultPrompt());
        }
    }

    @Nested
    class Python {
        @Test
        void theFunctionGetsEachPathByDefault() throws IOException {
            write("a.csv", "1,2");

            TaskDefinition task = parsed(new FolderBatch(options(FolderBatchKind.PYTHON).function("csv.load")
                    .build()).document()).tasks().get(0);

            assertThat(task.type()).isEqualTo(TaskType.FUNCTION);
            assertThat(task.batch().items().get(0).has("content")).isFalse();
            assertThat(unitParameters(task, 0).get("args").get(0).asText())
                    .isEqualTo(folder.resolve("a.csv").toAbsolutePath().toString());
        }

        @Test
        void orEachFilesText() throws IOException {
            write("a.csv", "1,2");

            TaskDefinition task = parsed(new FolderBatch(options(FolderBatchKind.PYTHON).function("csv.parse")
                    .pythonArgument(PythonArgument.CONTENT).pattern("*.csv").build()).document()).tasks().get(0);

            assertThat(unitParameters(task, 0).get("args").get(0).asText()).isEqualTo("1,2");
        }
    }

    @Nested
    class Refused {
        @Test
        void everyOptionProblemAtOnceNamingItsOption() {
            assertThatThrownBy(() -> options(FolderBatchKind.PYTHON).prompt("p").maxConcurrency(0).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--function: is required for --type python (the registered function to call); "
                            + "--prompt, --model, --provider: apply to --type text and vision only; "
                            + "--max-concurrency: must be within 1..1000, was 0");
        }

        @Test
        void aFolderThatIsNoDirectory() throws IOException {
            Path file = Files.writeString(folder.resolve("f.txt"), "x");

            assertThatThrownBy(() -> new FolderBatch(FolderBatchOptions.newBuilder(file, FolderBatchKind.TEXT)
                    .build()).document())
                    .hasMessage("--batch-folder: " + file + " is not a directory");
        }

        @Test
        void aFolderWithoutMatchingFiles() throws IOException {
            write("a.txt", "x");

            assertThatThrownBy(() -> new FolderBatch(options(FolderBatchKind.VISION).build()).document())
                    .hasMessage("--batch-folder: no file in " + folder + " matches "
                            + FolderBatchKind.VISION.defaultPattern());
        }

        @Test
        void aFunctionNameTheServerWouldRefuse() throws IOException {
            write("a.txt", "x");

            assertThatThrownBy(() -> new FolderBatch(options(FolderBatchKind.PYTHON).function("not a name").build())
                    .document())
                    .hasMessageContaining("$.tasks[0].function: must be a function name");
        }
    }

    @Test
    void theJsonTextIsTheDocument() throws IOException {
        write("a.txt", "é");

        FolderBatch batch = new FolderBatch(options(FolderBatchKind.TEXT).build());

        WorkflowDefinition wf = new WorkflowDocumentParser(() -> "wf-1")
                .parse(batch.json().getBytes(StandardCharsets.UTF_8));
        assertThat(wf.tasks().get(0).batch().items().get(0).get("content").asText()).isEqualTo("é");
    }
}
