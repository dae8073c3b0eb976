package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.json;
import static io.gleitzeit.definition.Documents.parse;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static io.gleitzeit.definition.Documents.textTask;
import static io.gleitzeit.definition.Documents.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fields every task has, whatever its type. */
class TaskFieldsTest {

    private static TaskDefinition onlyTask(String task) {
        return parse(workflow(task)).tasks().get(0);
    }

    @Nested
    class Name {
        @Test
        void isRequired() {
            assertThat(problemsOf(workflow("{'type': 'text', 'prompt': 'p'}")))
                    .containsExactly(problem("$.tasks[0].name", "is required"));
        }

        @Test
        void mustBeANonBlankString() {
            assertThat(problemsOf(workflow("{'name': 7, 'type': 'text', 'prompt': 'p'}", textTask(" "))))
                    .containsExactly(
                            problem("$.tasks[0].name", "must be a string, was a number (7)"),
                            problem("$.tasks[1].name", "must not be blank"));
        }

        @Test
        void mayHoldSpacesDotsAndOtherCharacters() {
            assertThat(onlyTask(textTask("Step 1.2 – résumé (v2)")).name()).isEqualTo("Step 1.2 – résumé (v2)");
        }

        @Test
        void mustNotBeLongerThanTheNameLimit() {
            var parser = new WorkflowDocumentParser(DocumentLimits.newBuilder().maxNameLength(3).build(), () -> "x");

            assertThat(problemsOf(parser, workflow(textTask("ABC"), textTask("ABCD")))).containsExactly(
                    problem("$.tasks[1].name", "is 4 characters long; the limit is 3"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a{{b", "a}}b", "a{b", "a}b"})
        void mustNotContainBraces(String name) {
            assertThat(problemsOf(workflow(textTask(name)))).containsExactly(problem("$.tasks[0].name",
                    "must not contain '{' or '}': they delimit {{Task.result}} references"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a.result", "x.results", "a.result.b"})
        void mustNotContainDotResult(String name) {
            assertThat(problemsOf(workflow(textTask(name)))).containsExactly(problem("$.tasks[0].name",
                    "must not contain '.result': a reference {{" + name + ".result}} would be cut at the first"
                            + " '.result'"));
        }

        @Test
        void mayContainResultWithoutTheDot() {
            assertThat(onlyTask(textTask("result summary")).name()).isEqualTo("result summary");
        }

        @ParameterizedTest
        @ValueSource(strings = {" A", "A ", "\\tA"})
        void mustNotStartOrEndWithWhitespace(String name) {
            assertThat(problemsOf(workflow(textTask(name)))).containsExactly(problem("$.tasks[0].name",
                    "must not start or end with whitespace: references to it strip the name"));
        }

        @Test
        void mustBeUniqueAndADuplicateIsReportedAtTheLaterTaskNamingTheFirst() {
            assertThat(problemsOf(workflow(textTask("A"), textTask("B"), textTask("A"), textTask("A"))))
                    .containsExactly(
                            problem("$.tasks[2].name", "duplicate task name 'A': $.tasks[0] already has it; names must"
                                    + " be unique"),
                            problem("$.tasks[3].name", "duplicate task name 'A': $.tasks[0] already has it; names must"
                                    + " be unique"));
        }
    }

    @Nested
    class Type {
        @Test
        void isRequired() {
            assertThat(problemsOf(workflow("{'name': 'A', 'prompt': 'p'}"))).containsExactly(problem(
                    "$.tasks[0].type", "is required: one of text, vision, python, function, http, sql, external"));
        }

        @Test
        void mustBeAKnownType() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'shell'}"))).containsExactly(problem(
                    "$.tasks[0].type", "must be one of text, vision, python, function, http, sql, external, was a"
                            + " string ('shell')"));
        }

        @Test
        void pythonAndFunctionAreTheSameType() {
            var definition = parse(workflow(
                    "{'name': 'A', 'type': 'python', 'function': 'f'}",
                    "{'name': 'B', 'type': 'function', 'function': 'f'}"));

            assertThat(definition.tasks()).extracting(TaskDefinition::type)
                    .containsExactly(TaskType.FUNCTION, TaskType.FUNCTION);
        }
    }

    @Nested
    class Dependencies {
        @Test
        void areNoneByDefault() {
            assertThat(onlyTask(textTask("A")).dependencies()).isEmpty();
        }

        @Test
        void mustBeAnArray() {
            assertThat(problemsOf(workflow(textTask("A"), textTask("B", "'dependencies': 'A'")))).containsExactly(
                    problem("$.tasks[1].dependencies", "must be an array, was a string ('A')"));
        }

        @Test
        void mustBeNames() {
            assertThat(problemsOf(workflow(textTask("A"), textTask("B", "'dependencies': ['A', 0, null]"))))
                    .containsExactly(
                            problem("$.tasks[1].dependencies[1]", "must be a task name (a string), was a number (0)"),
                            problem("$.tasks[1].dependencies[2]", "must be a task name (a string), was null"));
        }
    }

    @Nested
    class Retry {
        @Test
        void isTheDefaultPolicyWhenAbsent() {
            assertThat(onlyTask(textTask("A")).retry()).isEqualTo(RetryPolicy.DEFAULT);
        }

        @Test
        void takesEveryFieldGiven() {
            var retry = onlyTask(textTask("A", "'retry': {'max_attempts': 5, 'backoff': 'linear',"
                    + " 'base_delay_ms': 250, 'max_delay_ms': 4000, 'jitter': 0}")).retry();

            assertThat(retry).isEqualTo(
                    new RetryPolicy(5, Backoff.LINEAR, Duration.ofMillis(250), Duration.ofSeconds(4), 0));
        }

        @Test
        void takesTheDefaultsForMissingFields() {
            var retry = onlyTask(textTask("A", "'retry': {'backoff': 'fixed'}")).retry();

            assertThat(retry).isEqualTo(new RetryPolicy(RetryPolicy.DEFAULT_MAX_ATTEMPTS, Backoff.FIXED,
                    RetryPolicy.DEFAULT_BASE_DELAY, RetryPolicy.DEFAULT_MAX_DELAY, RetryPolicy.DEFAULT_JITTER));
        }

        @Test
        void mustBeAnObject() {
            assertThat(problemsOf(workflow(textTask("A", "'retry': 3")))).containsExactly(
                    problem("$.tasks[0].retry", "must be an object, was a number (3)"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "'max_attempts': 0      | max_attempts  | must be an integer within 1..100, was a number (0)",
            "'max_attempts': 101    | max_attempts  | must be an integer within 1..100, was a number (101)",
            "'max_attempts': 2.5    | max_attempts  | must be an integer within 1..100, was a number (2.5)",
            "'max_attempts': '3'    | max_attempts  | must be an integer within 1..100, was a string ('3')",
            "'backoff': 'random'    | backoff       | must be one of fixed, linear, exponential, was a string ('random')",
            "'base_delay_ms': -1    | base_delay_ms | must be an integer of at least 0, was a number (-1)",
            "'max_delay_ms': true   | max_delay_ms  | must be an integer of at least 0, was a boolean (true)",
            "'jitter': 1.5          | jitter        | must be a number within 0..1, was a number (1.5)",
            "'jitter': -0.1         | jitter        | must be a number within 0..1, was a number (-0.1)",
        })
        void refusesAFieldOutOfItsRange(String member, String field, String message) {
            assertThat(problemsOf(workflow(textTask("A", "'retry': {" + member + "}")))).containsExactly(
                    problem("$.tasks[0].retry." + field, message));
        }

        @Test
        void quotesOnlyTheStartOfAHugeNumber() {
            String huge = "9".repeat(500);

            assertThat(problemsOf(workflow(textTask("A", "'retry': {'max_attempts': " + huge + "}")))).containsExactly(
                    problem("$.tasks[0].retry.max_attempts",
                            "must be an integer within 1..100, was a number (" + "9".repeat(40) + "…)"));
        }

        @Test
        void acceptsAWholeNumberWrittenWithAFraction() {
            assertThat(onlyTask(textTask("A", "'retry': {'max_attempts': 4.0}")).retry().maxAttempts()).isEqualTo(4);
        }

        @Test
        void refusesAMaxDelayBelowTheBaseDelay() {
            assertThat(problemsOf(workflow(textTask("A", "'retry': {'base_delay_ms': 500, 'max_delay_ms': 100}"))))
                    .containsExactly(problem("$.tasks[0].retry.max_delay_ms",
                            "must be at least base_delay_ms (500), was 100"));
        }

        @Test
        void refusesABaseDelayAboveTheDefaultMaxDelayWhenNoMaxIsGiven() {
            assertThat(problemsOf(workflow(textTask("A", "'retry': {'base_delay_ms': 120000}")))).containsExactly(
                    problem("$.tasks[0].retry.base_delay_ms",
                            "must be at most max_delay_ms, which defaults to 60000; give max_delay_ms too"));
        }

        @Test
        void reportsEveryBadFieldAtOnce() {
            assertThat(problemsOf(workflow(textTask("A", "'retry': {'max_attempts': 0, 'jitter': 9}"))))
                    .extracting(ValidationProblem::path)
                    .containsExactly("$.tasks[0].retry.max_attempts", "$.tasks[0].retry.jitter");
        }
    }

    @Nested
    class LegacyMaxRetries {
        @Test
        void meansOneMoreAttemptThanRetries() {
            var retry = onlyTask(textTask("A", "'max_retries': 4")).retry();

            assertThat(retry.maxAttempts()).isEqualTo(5);
            assertThat(retry.backoff()).isEqualTo(RetryPolicy.DEFAULT.backoff());
            assertThat(retry.baseDelay()).isEqualTo(RetryPolicy.DEFAULT.baseDelay());
        }

        @Test
        void zeroMeansASingleAttempt() {
            assertThat(onlyTask(textTask("A", "'max_retries': 0")).retry().maxAttempts()).isEqualTo(1);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"-1 | a number (-1)", "100 | a number (100)", "'2' | a string ('2')"})
        void mustBeAnIntegerWithin0And99(String value, String shown) {
            assertThat(problemsOf(workflow(textTask("A", "'max_retries': " + value)))).containsExactly(
                    problem("$.tasks[0].max_retries", "must be an integer within 0..99, was " + shown));
        }

        @Test
        void conflictsWithARetryObject() {
            assertThat(problemsOf(workflow(textTask("A", "'max_retries': 2, 'retry': {'backoff': 'fixed'}"))))
                    .containsExactly(problem("$.tasks[0].max_retries",
                            "conflicts with retry; give retry.max_attempts instead"));
        }
    }

    @Nested
    class TimeoutPriorityAndService {
        @Test
        void haveTheirDefaults() {
            var task = onlyTask(textTask("A"));

            assertThat(task.timeout()).isNull();
            assertThat(task.priority()).isEqualTo(Priority.NORMAL);
            assertThat(task.service()).isNull();
        }

        @Test
        void areTakenWhenGiven() {
            var task = onlyTask(textTask("A", "'timeout_seconds': 90, 'priority': 'urgent', 'service': 'gpu-box'"));

            assertThat(task.timeout()).isEqualTo(Duration.ofSeconds(90));
            assertThat(task.priority()).isEqualTo(Priority.URGENT);
            assertThat(task.service()).isEqualTo("gpu-box");
        }

        @Test
        void areRefusedWhenInvalid() {
            assertThat(problemsOf(workflow(textTask("A", "'timeout_seconds': 0, 'priority': 'asap', 'service': ''"))))
                    .containsExactly(
                            problem("$.tasks[0].timeout_seconds", "must be a positive number of seconds, at most"
                                    + " 2592000 (30 days), was a number (0)"),
                            problem("$.tasks[0].priority", "must be one of low, normal, high, urgent, was a string"
                                    + " ('asap')"),
                            problem("$.tasks[0].service", "must not be blank"));
        }

        @Test
        void areNotResolvedReferencesSoAReferenceIsRefusedThere() {
            assertThat(problemsOf(workflow(textTask("A"), textTask("B",
                    "'dependencies': ['A'], 'priority': '{{A.result}}', 'timeout_seconds': '{{A.result}}'"))))
                    .extracting(ValidationProblem::path)
                    .containsExactly("$.tasks[1].timeout_seconds", "$.tasks[1].priority");
        }
    }

    @Nested
    class Parameters {
        @Test
        void holdEveryFieldButTheCommonOnesAsGivenInDocumentOrder() {
            var task = onlyTask("{'name': 'A', 'type': 'text', 'system': 's', 'prompt': 'p', 'dependencies': [],"
                    + " 'retry': {}, 'max_tokens': 10, 'timeout_seconds': 5, 'priority': 'low', 'service': 'x',"
                    + " 'x_custom': {'nested': [1, 2.5, null]}}");

            assertThat(task.parameters().toString()).isEqualTo(
                    json("{'system':'s','prompt':'p','max_tokens':10,'x_custom':{'nested':[1,2.5,null]}}"));
        }

        @Test
        void keepUnknownFieldsBecauseServicesMayUseThem() {
            var task = onlyTask(textTask("A", "'stream': true, 'stop': ['\\n']"));

            assertThat(task.parameters().get("stream").asBoolean()).isTrue();
            assertThat(task.parameters().get("stop").get(0).asText()).isEqualTo("\n");
        }

        @Test
        void keepAnOptionalFieldGivenAsNull() {
            var task = onlyTask(textTask("A", "'model': null"));

            assertThat(task.parameters().get("model").isNull()).isTrue();
        }
    }
}
