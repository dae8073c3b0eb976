package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.json;
import static io.gleitzeit.definition.Documents.parse;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static io.gleitzeit.definition.Documents.textTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The workflow-level fields of a document. */
class WorkflowFieldsTest {

    /** A valid document with these extra top-level members (single-quoted JSON). */
    private static String documentWith(String members) {
        return json("{'name': 'W', " + members + (members.isEmpty() ? "" : ", ") + "'tasks': [" + textTask("A")
                + "]}");
    }

    @Nested
    class WorkflowId {
        @ParameterizedTest
        @ValueSource(strings = {"a", "wf-1", "Order.2024:17_b", "0"})
        void anIdOfLettersDigitsAndSeparatorsIsKept(String id) {
            assertThat(parse(documentWith("'workflow_id': '" + id + "'")).workflowId()).isEqualTo(id);
        }

        @Test
        void anIdOf128CharactersIsTheLongestAccepted() {
            String longest = "w".repeat(128);

            assertThat(parse(documentWith("'workflow_id': '" + longest + "'")).workflowId()).isEqualTo(longest);
            assertThat(problemsOf(documentWith("'workflow_id': '" + longest + "w'")))
                    .extracting(ValidationProblem::path).containsExactly("$.workflow_id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a/b", "{tag}", "a}b", "-leading", ".leading", "with space", "ümlaut"})
        void anIdThatWouldBreakTaskIdsOrHashTagsIsRefused(String id) {
            assertThat(problemsOf(documentWith("'workflow_id': '" + id + "'"))).containsExactly(problem(
                    "$.workflow_id", "must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter"
                            + " or digit (no '/', '{' or '}'), was '" + id + "'"));
        }

        @Test
        void anIdThatIsNotAStringIsRefused() {
            assertThat(problemsOf(documentWith("'workflow_id': 42"))).containsExactly(
                    problem("$.workflow_id", "must be a string, was a number (42)"));
        }

        @Test
        void aNullIdMeansNone() {
            assertThat(parse(documentWith("'workflow_id': null")).workflowId()).isEqualTo(Documents.GENERATED_ID);
        }
    }

    @Nested
    class Name {
        @Test
        void isRequired() {
            assertThat(problemsOf(json("{'tasks': [" + textTask("A") + "]}")))
                    .containsExactly(problem("$.name", "is required"));
        }

        @Test
        void mustNotBeBlank() {
            assertThat(problemsOf(json("{'name': '  ', 'tasks': [" + textTask("A") + "]}")))
                    .containsExactly(problem("$.name", "must not be blank"));
        }

        @Test
        void mustBeAString() {
            assertThat(problemsOf(json("{'name': ['W'], 'tasks': [" + textTask("A") + "]}")))
                    .containsExactly(problem("$.name", "must be a string, was an array"));
        }

        @Test
        void mustNotBeLongerThanTheNameLimit() {
            var parser = new WorkflowDocumentParser(DocumentLimits.newBuilder().maxNameLength(5).build(), () -> "x");

            assertThat(parser.parse(json("{'name': 'Fünf5', 'tasks': [" + textTask("A") + "]}")).name())
                    .isEqualTo("Fünf5");
            assertThat(problemsOf(parser, json("{'name': 'Sechs6', 'tasks': [" + textTask("A") + "]}")))
                    .containsExactly(problem("$.name", "is 6 characters long; the limit is 5"));
        }
    }

    @Nested
    class ErrorStrategyField {
        @Test
        void defaultsToStop() {
            assertThat(parse(documentWith("")).errorStrategy()).isEqualTo(ErrorStrategy.STOP);
        }

        @Test
        void acceptsContinue() {
            assertThat(parse(documentWith("'error_strategy': 'continue'")).errorStrategy())
                    .isEqualTo(ErrorStrategy.CONTINUE);
        }

        @Test
        void refusesAnyOtherValue() {
            assertThat(problemsOf(documentWith("'error_strategy': 'abort'"))).containsExactly(
                    problem("$.error_strategy", "must be one of stop, continue, was a string ('abort')"));
        }
    }

    @Nested
    class Timeout {
        @Test
        void isNoneByDefault() {
            assertThat(parse(documentWith("")).timeout()).isNull();
        }

        @Test
        void acceptsFractionalSeconds() {
            assertThat(parse(documentWith("'timeout_seconds': 1.5")).timeout()).isEqualTo(Duration.ofMillis(1500));
        }

        @Test
        void acceptsThirtyDays() {
            assertThat(parse(documentWith("'timeout_seconds': 2592000")).timeout()).isEqualTo(Duration.ofDays(30));
        }

        @ParameterizedTest
        @CsvSource({"0, 0", "-1, -1", "2592001, 2592001", "1e300, 1.0E300"})
        void refusesNumbersThatAreNotPositiveOrBeyondThirtyDays(String seconds, String shown) {
            assertThat(problemsOf(documentWith("'timeout_seconds': " + seconds))).containsExactly(problem(
                    "$.timeout_seconds", "must be a positive number of seconds, at most 2592000 (30 days), was a"
                            + " number (" + shown + ")"));
        }

        @Test
        void refusesAString() {
            assertThat(problemsOf(documentWith("'timeout_seconds': '60'"))).containsExactly(problem(
                    "$.timeout_seconds", "must be a positive number of seconds, at most 2592000 (30 days), was a"
                            + " string ('60')"));
        }
    }

    @Nested
    class Metadata {
        @Test
        void isKeptAsGiven() {
            var definition = parse(documentWith("'metadata': {'owner': 'ops', 'tags': ['a', 1], 'n': null}"));

            assertThat(definition.metadata().toString()).isEqualTo(json("{'owner':'ops','tags':['a',1],'n':null}"));
        }

        @Test
        void isEmptyWhenAbsent() {
            assertThat(parse(documentWith("")).metadata().isEmpty()).isTrue();
        }

        @Test
        void mustBeAnObject() {
            assertThat(problemsOf(documentWith("'metadata': 'x'"))).containsExactly(
                    problem("$.metadata", "must be an object, was a string ('x')"));
        }
    }

    @Nested
    class Tasks {
        @Test
        void areRequired() {
            assertThat(problemsOf(json("{'name': 'W'}"))).containsExactly(
                    problem("$.tasks", "is required: a non-empty array of tasks"));
        }

        @Test
        void mustBeAnArray() {
            assertThat(problemsOf(json("{'name': 'W', 'tasks': {}}"))).containsExactly(
                    problem("$.tasks", "must be an array, was an object"));
        }

        @Test
        void mustNotBeEmpty() {
            assertThat(problemsOf(json("{'name': 'W', 'tasks': []}"))).containsExactly(
                    problem("$.tasks", "must hold at least one task"));
        }

        @Test
        void mustNotBeMoreThanTheTaskLimitAndAreThenNotLookedAt() {
            var parser = new WorkflowDocumentParser(DocumentLimits.newBuilder().maxTasks(2).build(), () -> "x");

            assertThat(parser.parse(Documents.workflow(textTask("A"), textTask("B"))).tasks()).hasSize(2);
            assertThat(problemsOf(parser, Documents.workflow(textTask("A"), textTask("B"), "{'bad': true}")))
                    .containsExactly(problem("$.tasks", "holds 3 tasks; the limit is 2"));
        }

        @Test
        void mustEachBeAnObject() {
            assertThat(problemsOf(Documents.workflow(textTask("A"), "'B'", "null"))).containsExactly(
                    problem("$.tasks[1]", "must be a task object, was a string ('B')"),
                    problem("$.tasks[2]", "must be a task object, was null"));
        }

        @Test
        void keepDocumentOrder() {
            assertThat(parse(Documents.workflow(textTask("C"), textTask("A"), textTask("B"))).tasks())
                    .extracting(TaskDefinition::name).containsExactly("C", "A", "B");
        }
    }

    @Test
    void unknownWorkflowFieldsAreIgnored() {
        assertThat(parse(documentWith("'created_by': 'someone', 'version': 2")).name()).isEqualTo("W");
    }
}
