package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.GENERATED_ID;
import static io.gleitzeit.definition.Documents.json;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static io.gleitzeit.definition.Documents.textTask;
import static io.gleitzeit.definition.Documents.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WorkflowDocumentParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** PROTOCOL.md's example, with real values where the protocol shows the choices. */
    static final String PROTOCOL_EXAMPLE = """
            {
              "workflow_id": "financial-analysis-1",
              "name": "Financial Analysis",
              "error_strategy": "stop",
              "timeout_seconds": 3600,
              "metadata": {},
              "tasks": [
                {"name": "Extract Numbers", "type": "text", "prompt": "Extract financial metrics: ...", "model": "llama3", "provider": "internal"},
                {"name": "Risk Assessment", "type": "text", "prompt": "Assess risks: {{Extract Numbers.result}}",
                 "model": "claude-3-sonnet", "provider": "anthropic", "dependencies": ["Extract Numbers"],
                 "retry": {"max_attempts": 3, "backoff": "exponential", "base_delay_ms": 1000, "max_delay_ms": 60000}, "timeout_seconds": 120},
                {"name": "Format Report", "type": "python", "function": "create_report",
                 "args": ["{{Risk Assessment.result}}"], "kwargs": {}, "dependencies": ["Risk Assessment"]}
              ]
            }
            """;

    @Nested
    class TheProtocolExample {
        @Test
        void parsesToTheDefinitionItDescribes() throws Exception {
            WorkflowDefinition definition = Documents.parse(PROTOCOL_EXAMPLE);

            assertThat(definition.workflowId()).isEqualTo("financial-analysis-1");
            assertThat(definition.name()).isEqualTo("Financial Analysis");
            assertThat(definition.errorStrategy()).isEqualTo(ErrorStrategy.STOP);
            assertThat(definition.timeout()).isEqualTo(Duration.ofHours(1));
            assertThat(definition.metadata()).isEqualTo(MAPPER.createObjectNode());
            assertThat(definition.tasks()).extracting(TaskDefinition::name)
                    .containsExactly("Extract Numbers", "Risk Assessment", "Format Report");

            assertThat(definition.tasks().get(0)).isEqualTo(new TaskDefinition("Extract Numbers", TaskType.TEXT,
                    List.of(), RetryPolicy.DEFAULT, null, Priority.NORMAL, null, (ObjectNode) MAPPER.readTree(
                    json("{'prompt': 'Extract financial metrics: ...', 'model': 'llama3', 'provider': 'internal'}"))));
            assertThat(definition.tasks().get(1)).isEqualTo(new TaskDefinition("Risk Assessment", TaskType.TEXT,
                    List.of("Extract Numbers"),
                    new RetryPolicy(3, Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofMinutes(1),
                            RetryPolicy.DEFAULT_JITTER),
                    Duration.ofSeconds(120), Priority.NORMAL, null, (ObjectNode) MAPPER.readTree(json(
                    "{'prompt': 'Assess risks: {{Extract Numbers.result}}', 'model': 'claude-3-sonnet',"
                            + " 'provider': 'anthropic'}"))));
            assertThat(definition.tasks().get(2)).isEqualTo(new TaskDefinition("Format Report", TaskType.FUNCTION,
                    List.of("Risk Assessment"), RetryPolicy.DEFAULT, null, Priority.NORMAL, null,
                    (ObjectNode) MAPPER.readTree(json(
                            "{'function': 'create_report', 'args': ['{{Risk Assessment.result}}'], 'kwargs': {}}"))));
        }

        @Test
        void asPrintedIsRefusedOnlyForItsPlaceholderValues() {
            String asPrinted = PROTOCOL_EXAMPLE
                    .replace("\"financial-analysis-1\"", "\"optional; resubmitting the same id is idempotent\"")
                    .replace("\"error_strategy\": \"stop\"", "\"error_strategy\": \"stop | continue\"");

            assertThat(problemsOf(asPrinted)).extracting(ValidationProblem::path)
                    .containsExactly("$.workflow_id", "$.error_strategy");
        }
    }

    @Nested
    class EntryPoints {
        @Test
        void textBytesAndTreeGiveTheSameDefinition() throws Exception {
            WorkflowDefinition fromText = Documents.PARSER.parse(PROTOCOL_EXAMPLE);
            WorkflowDefinition fromBytes = Documents.PARSER.parse(PROTOCOL_EXAMPLE.getBytes(StandardCharsets.UTF_8));
            WorkflowDefinition fromTree = Documents.PARSER.parse(MAPPER.readTree(PROTOCOL_EXAMPLE));

            assertThat(fromBytes).isEqualTo(fromText);
            assertThat(fromTree).isEqualTo(fromText);
        }

        @Test
        void aDocumentWithoutIdGetsOneFromTheGenerator() {
            WorkflowDefinition definition = Documents.parse(workflow(textTask("A")));

            assertThat(definition.workflowId()).isEqualTo(GENERATED_ID);
            assertThat(definition.taskId(0)).isEqualTo(GENERATED_ID + "/0");
        }

        @Test
        void theGeneratorIsNotAskedForARefusedDocument() {
            AtomicInteger asked = new AtomicInteger();
            var parser = new WorkflowDocumentParser(() -> "id-" + asked.incrementAndGet());

            problemsOf(parser, json("{'tasks': []}"));

            assertThat(asked).hasValue(0);
        }

        @Test
        void aGeneratorGivingAnInvalidIdIsAProgrammingError() {
            var parser = new WorkflowDocumentParser(() -> "has/slash");

            assertThatThrownBy(() -> parser.parse(workflow(textTask("A"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has/slash");
        }

        @Test
        void theDefinitionDoesNotShareNodesWithAGivenTree() throws Exception {
            JsonNode tree = MAPPER.readTree(workflow(textTask("A", "'options': {'k': 1}")));
            WorkflowDefinition definition = Documents.PARSER.parse(tree);

            ((ObjectNode) tree.get("tasks").get(0).get("options")).put("k", 2);

            assertThat(definition.tasks().get(0).parameters().get("options").get("k").asInt()).isEqualTo(1);
        }

        @Test
        void theRefusalCarriesEveryProblemAndSummarisesThemInItsMessage() {
            assertThatThrownBy(() -> Documents.parse(json("{'name': 5, 'tasks': []}")))
                    .isInstanceOfSatisfying(WorkflowValidationException.class, e -> {
                        assertThat(e.problems()).containsExactly(
                                problem("$.name", "must be a string, was a number (5)"),
                                problem("$.tasks", "must hold at least one task"));
                        assertThat(e.isTransient()).isFalse();
                    })
                    .hasMessage("invalid workflow document (2 problems): $.name: must be a string, was a number (5);"
                            + " $.tasks: must hold at least one task");
        }
    }

    @Nested
    class DocumentSize {
        private final WorkflowDocumentParser small =
                new WorkflowDocumentParser(DocumentLimits.newBuilder().maxDocumentBytes(300).build(), () -> "x");

        /**
         * A valid compact document of exactly {@code bytes} UTF-8 bytes, padded in its metadata with two-byte
         * characters ({@code é}) when {@code twoByteCharacters}, else with {@code a}.
         */
        private String documentOfSize(int bytes, boolean twoByteCharacters) throws Exception {
            String empty = MAPPER.writeValueAsString(MAPPER.readTree(
                    json("{'name': 'W', 'metadata': {'pad': ''}, 'tasks': [" + textTask("A") + "]}")));
            int missing = bytes - empty.getBytes(StandardCharsets.UTF_8).length;
            String pad = twoByteCharacters
                    ? "a".repeat(missing % 2) + "é".repeat(missing / 2)
                    : "a".repeat(missing);
            String document = empty.replace("\"pad\":\"\"", "\"pad\":\"" + pad + "\"");
            assertThat(document.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
            return document;
        }

        @Test
        void aDocumentAtTheLimitIsAccepted() throws Exception {
            String atLimit = documentOfSize(300, false);

            assertThat(small.parse(atLimit).name()).isEqualTo("W");
            assertThat(small.parse(atLimit.getBytes(StandardCharsets.UTF_8)).name()).isEqualTo("W");
        }

        @Test
        void aDocumentOneByteOverTheLimitIsRefusedBeforeParsing() throws Exception {
            String over = documentOfSize(301, false);

            assertThat(problemsOf(small, over)).containsExactly(
                    problem("$", "the document is 301 bytes; the limit is 300 bytes"));
        }

        @Test
        void textIsMeasuredInUtf8Bytes() throws Exception {
            String twoByteChars = documentOfSize(300, true);

            assertThat(twoByteChars.length()).isLessThan(300);
            assertThat(small.parse(twoByteChars).name()).isEqualTo("W");
            assertThat(problemsOf(small, twoByteChars.replaceFirst("é", "éé")))
                    .containsExactly(problem("$", "the document is 302 bytes; the limit is 300 bytes"));
        }

        @Test
        void oversizeBytesAreRefusedEvenWhenTheyAreNotJson() {
            byte[] garbage = new byte[301];

            assertThatThrownBy(() -> small.parse(garbage))
                    .isInstanceOfSatisfying(WorkflowValidationException.class, e -> assertThat(e.problems())
                            .containsExactly(problem("$", "the document is 301 bytes; the limit is 300 bytes")));
        }

        @Test
        void aTreeIsMeasuredAsCompactJson() throws Exception {
            JsonNode atLimit = MAPPER.readTree(documentOfSize(300, false));
            JsonNode over = MAPPER.readTree(documentOfSize(301, false));

            assertThat(small.parse(atLimit).name()).isEqualTo("W");
            assertThatThrownBy(() -> small.parse(over))
                    .isInstanceOfSatisfying(WorkflowValidationException.class, e -> assertThat(e.problems())
                            .containsExactly(problem("$",
                                    "the document is larger than the limit of 300 bytes (as compact JSON)")));
        }
    }

    @Nested
    class MalformedJson {
        @Test
        void isOneProblemAtTheRootWithLineAndColumn() {
            List<ValidationProblem> problems = problemsOf("{\n  \"name\": \"W\",\n  \"tasks\": [}\n}");

            assertThat(problems).hasSize(1);
            assertThat(problems.get(0).path()).isEqualTo("$");
            assertThat(problems.get(0).message()).startsWith("invalid JSON at line 3, column 13: ");
        }

        @Test
        void contentAfterTheDocumentIsRefused() {
            assertThat(problemsOf(workflow(textTask("A")) + " {}")).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("$");
                assertThat(p.message()).startsWith("invalid JSON at line 1, column ")
                        .endsWith(": unexpected content after the end of the document");
            });
        }

        @Test
        void aKeyGivenTwiceIsRefusedRatherThanSilentlyOverwritten() {
            assertThat(problemsOf(json("{'name': 'W', 'name': 'V', 'tasks': []}"))).singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith("invalid JSON at line 1, column ")
                            .contains("name"));
        }

        @Test
        void anEmptyDocumentIsRefused() {
            assertThat(problemsOf("  ")).containsExactly(problem("$", "the document is empty"));
        }

        @Test
        void invalidUtf8IsRefused() {
            byte[] bytes = workflow(textTask("A")).getBytes(StandardCharsets.UTF_8);
            bytes[10] = (byte) 0xFF;

            assertThatThrownBy(() -> Documents.PARSER.parse(bytes))
                    .isInstanceOfSatisfying(WorkflowValidationException.class, e -> assertThat(e.problems())
                            .singleElement().satisfies(p -> assertThat(p.message()).startsWith("invalid JSON at line 1")));
        }

        @Test
        void aDocumentThatIsNotAnObjectIsRefused() {
            assertThat(problemsOf("[]")).containsExactly(
                    problem("$", "the workflow document must be a JSON object, was an array"));
            assertThat(problemsOf("null")).containsExactly(
                    problem("$", "the workflow document must be a JSON object, was null"));
            assertThat(problemsOf("\"text\"")).containsExactly(
                    problem("$", "the workflow document must be a JSON object, was a string ('text')"));
        }
    }

    @Nested
    class NestingDepth {
        private final WorkflowDocumentParser parser =
                new WorkflowDocumentParser(DocumentLimits.newBuilder().maxNestingDepth(6).build(), () -> "x");

        /** A valid document whose deepest container is at {@code depth} (the task object is at 3). */
        private String documentOfDepth(int depth) {
            int extra = depth - 3;
            return workflow(textTask("A", "'deep': " + "[".repeat(extra) + "]".repeat(extra)));
        }

        @Test
        void aDocumentAtTheLimitIsAccepted() throws Exception {
            assertThat(parser.parse(documentOfDepth(6)).name()).isEqualTo("W");
            assertThat(parser.parse(MAPPER.readTree(documentOfDepth(6))).name()).isEqualTo("W");
        }

        @Test
        void aDocumentDeeperThanTheLimitIsOneProblem() {
            assertThat(problemsOf(parser, documentOfDepth(7))).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("$");
                assertThat(p.message()).startsWith(
                        "objects and arrays are nested deeper than the limit of 6 at line 1, column ");
            });
        }

        @Test
        void aTreeDeeperThanTheLimitIsOneProblem() throws Exception {
            JsonNode tree = MAPPER.readTree(documentOfDepth(7));

            assertThatThrownBy(() -> parser.parse(tree))
                    .isInstanceOfSatisfying(WorkflowValidationException.class, e -> assertThat(e.problems())
                            .containsExactly(problem("$", "objects and arrays are nested deeper than the limit of 6")));
        }

        @Test
        void aHundredThousandLevelsAreAProblemNotAStackOverflow() {
            String deep = "{\"name\": \"W\", \"tasks\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";

            assertThat(problemsOf(deep)).singleElement().satisfies(p ->
                    assertThat(p.message()).startsWith("objects and arrays are nested deeper than the limit of 64"));
        }

        @Test
        void aHundredThousandLevelsOfTreeAreAProblemNotAStackOverflow() {
            ObjectNode root = MAPPER.createObjectNode().put("name", "W");
            ObjectNode level = root.putObject("metadata");
            for (int i = 0; i < 100_000; i++) {
                level = level.putObject("x");
            }

            assertThatThrownBy(() -> Documents.PARSER.parse(root))
                    .isInstanceOfSatisfying(WorkflowValidationException.class, e -> assertThat(e.problems())
                            .containsExactly(problem("$", "objects and arrays are nested deeper than the limit of 64")));
        }
    }
}
