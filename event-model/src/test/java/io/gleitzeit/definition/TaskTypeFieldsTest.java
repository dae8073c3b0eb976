package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.parse;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static io.gleitzeit.definition.Documents.textTask;
import static io.gleitzeit.definition.Documents.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fields each task type requires or allows. */
class TaskTypeFieldsTest {

    private static TaskDefinition onlyTask(String task) {
        return parse(workflow(task)).tasks().get(0);
    }

    @Nested
    class Text {
        @Test
        void needsOnlyAPrompt() {
            assertThat(onlyTask("{'name': 'A', 'type': 'text', 'prompt': 'Say hi'}").textParameter("prompt"))
                    .isEqualTo("Say hi");
        }

        @Test
        void acceptsEveryOptionalField() {
            var task = onlyTask(textTask("A", "'model': 'gpt-4o', 'provider': 'openai', 'temperature': 2,"
                    + " 'max_tokens': 512, 'system': ''"));

            assertThat(task.textParameter("model")).isEqualTo("gpt-4o");
            assertThat(task.parameters().get("temperature").asInt()).isEqualTo(2);
        }

        @Test
        void refusesAMissingOrBlankPrompt() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'text'}", "{'name': 'B', 'type': 'text', 'prompt':"
                    + " ' '}"))).containsExactly(
                    problem("$.tasks[0].prompt", "is required for text tasks"),
                    problem("$.tasks[1].prompt", "must not be blank"));
        }

        @Test
        void refusesWrongTypesNamingExpectedAndActual() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'text', 'prompt': ['p'], 'model': 3,"
                    + " 'temperature': 'hot', 'max_tokens': 0, 'system': {}}"))).containsExactly(
                    problem("$.tasks[0].prompt", "must be a string, was an array"),
                    problem("$.tasks[0].model", "must be a string, was a number (3)"),
                    problem("$.tasks[0].temperature", "must be a number within 0..2, was a string ('hot')"),
                    problem("$.tasks[0].max_tokens", "must be a positive integer, was a number (0)"),
                    problem("$.tasks[0].system", "must be a string, was an object"));
        }

        @Test
        void refusesATemperatureAboveTwo() {
            assertThat(problemsOf(workflow(textTask("A", "'temperature': 2.01")))).containsExactly(
                    problem("$.tasks[0].temperature", "must be a number within 0..2, was a number (2.01)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"internal", "openai", "anthropic", "gemini"})
        void acceptsTheBuiltInProviders(String provider) {
            assertThat(onlyTask(textTask("A", "'provider': '" + provider + "'")).textParameter("provider"))
                    .isEqualTo(provider);
        }

        @Test
        void refusesAnUnknownProviderListingTheAllowedOnes() {
            assertThat(problemsOf(workflow(textTask("A", "'provider': 'OpenAI'")))).containsExactly(problem(
                    "$.tasks[0].provider",
                    "must be one of internal, openai, anthropic, gemini, was a string ('OpenAI')"));
        }

        @Test
        void acceptsAConfiguredCustomProviderAndListsItWhenRefusing() {
            var parser = new WorkflowDocumentParser(
                    DocumentLimits.newBuilder().customProviders(List.of("lab-vllm", "azure-eu")).build(), () -> "x");

            assertThat(parser.parse(workflow(textTask("A", "'provider': 'lab-vllm'"))).tasks()).hasSize(1);
            assertThat(problemsOf(parser, workflow(textTask("A", "'provider': 'other'")))).containsExactly(problem(
                    "$.tasks[0].provider", "must be one of internal, openai, anthropic, gemini, azure-eu, lab-vllm,"
                            + " was a string ('other')"));
        }
    }

    @Nested
    class Vision {
        @Test
        void needsAPromptAndAnImage() {
            var task = onlyTask("{'name': 'A', 'type': 'vision', 'prompt': 'What is it?', 'image':"
                    + " 'https://example.org/cat.png', 'model': 'llava'}");

            assertThat(task.type()).isEqualTo(TaskType.VISION);
            assertThat(task.textParameter("image")).isEqualTo("https://example.org/cat.png");
        }

        @Test
        void refusesAMissingImageAndChecksTheTextFieldsToo() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'vision', 'prompt': 'p', 'temperature': 5}")))
                    .containsExactly(
                            problem("$.tasks[0].temperature", "must be a number within 0..2, was a number (5)"),
                            problem("$.tasks[0].image", "is required for vision tasks (base64 data or a URL)"));
        }
    }

    @Nested
    class Function {
        @ParameterizedTest
        @ValueSource(strings = {"create_report", "reports.create", "_private", "pkg.sub.Fn2"})
        void acceptsIdentifiersJoinedByDots(String name) {
            assertThat(onlyTask("{'name': 'A', 'type': 'function', 'function': '" + name + "'}")
                    .textParameter("function")).isEqualTo(name);
        }

        @ParameterizedTest
        @ValueSource(strings = {"create report", "2fast", "a..b", "a.", "run()", "a-b"})
        void refusesAnythingElse(String name) {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'python', 'function': '" + name + "'}")))
                    .containsExactly(problem("$.tasks[0].function", "must be a function name: identifiers joined by"
                            + " dots, like 'reports.create', was '" + name + "'"));
        }

        @Test
        void needsAFunction() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'python', 'args': []}"))).containsExactly(
                    problem("$.tasks[0].function", "is required for python and function tasks"));
        }

        @Test
        void checksArgsAndKwargs() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'function', 'function': 'f', 'args': {},"
                    + " 'kwargs': []}"))).containsExactly(
                    problem("$.tasks[0].args", "must be an array, was an object"),
                    problem("$.tasks[0].kwargs", "must be an object, was an array"));
        }
    }

    @Nested
    class Http {
        @Test
        void storesTheMethodUpperCase() {
            var task = onlyTask("{'name': 'A', 'type': 'http', 'url': 'https://api.example.org/v1?q=1',"
                    + " 'method': 'patch', 'headers': {'X-Key': 'k'}, 'query': {'page': 2}, 'body': [1, 2]}");

            assertThat(task.textParameter("method")).isEqualTo("PATCH");
            assertThat(task.textParameter("url")).isEqualTo("https://api.example.org/v1?q=1");
            assertThat(task.parameters().get("body").size()).isEqualTo(2);
        }

        @Test
        void leavesTheMethodOutWhenNotGiven() {
            assertThat(onlyTask("{'name': 'A', 'type': 'http', 'url': 'http://localhost:8080/x'}").parameters()
                    .has("method")).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://example.org/f", "/relative/path", "example.org", "http://", "https://exa mple"})
        void refusesAUrlThatIsNotAbsoluteHttp(String url) {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'http', 'url': '" + url + "'}"))).containsExactly(
                    problem("$.tasks[0].url", "must be an absolute http or https URL, was '" + url + "'"));
        }

        @Test
        void acceptsAUrlBuiltFromAResultAndLeavesItsCheckToDispatch() {
            var definition = parse(workflow(textTask("Find"),
                    "{'name': 'Get', 'type': 'http', 'url': '{{Find.result.host}}/items/{{Find.result.id}}',"
                            + " 'dependencies': ['Find']}"));

            assertThat(definition.tasks().get(1).textParameter("url"))
                    .isEqualTo("{{Find.result.host}}/items/{{Find.result.id}}");
        }

        @Test
        void refusesAMissingUrlAnUnknownMethodAndBadHeaders() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'http', 'method': 'FETCH', 'headers':"
                    + " {'Accept': 'json', 'X-Count': 3, 'x_flag': true}, 'query': 'a=1'}"))).containsExactly(
                    problem("$.tasks[0].url", "is required for http tasks"),
                    problem("$.tasks[0].method", "must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, was a"
                            + " string ('FETCH')"),
                    problem("$.tasks[0].headers['X-Count']", "must be a string, was a number (3)"),
                    problem("$.tasks[0].headers.x_flag", "must be a string, was a boolean (true)"),
                    problem("$.tasks[0].query", "must be an object, was a string ('a=1')"));
        }

        @Test
        void aBodyNeedsAMethodThatTakesOne() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'http', 'url': 'https://a.example', 'body': {}}",
                    "{'name': 'B', 'type': 'http', 'url': 'https://a.example', 'method': 'head', 'body': 'x'}",
                    "{'name': 'C', 'type': 'http', 'url': 'https://a.example', 'method': 'PUT', 'body': 'x'}")))
                    .containsExactly(
                            problem("$.tasks[0].body", "a GET request cannot have a body; give a method such as POST"),
                            problem("$.tasks[1].body", "a HEAD request cannot have a body; give a method such as"
                                    + " POST"));
        }

        @Test
        void failOnStatusIsABoolean() {
            assertThat(onlyTask("{'name': 'A', 'type': 'http', 'url': 'https://a.example', 'fail_on_status': false}")
                    .parameters().get("fail_on_status").booleanValue()).isFalse();
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'http', 'url': 'https://a.example',"
                    + " 'fail_on_status': 'no'}"))).containsExactly(
                    problem("$.tasks[0].fail_on_status", "must be true or false, was a string ('no')"));
        }
    }

    @Nested
    class Sql {
        @Test
        void acceptsParamsAsArrayOrObject() {
            var definition = parse(workflow(
                    "{'name': 'A', 'type': 'sql', 'query': 'select 1', 'params': [1], 'datasource': 'main',"
                            + " 'max_rows': 10}",
                    "{'name': 'B', 'type': 'sql', 'query': 'select :x', 'params': {'x': 1}}"));

            assertThat(definition.tasks()).extracting(TaskDefinition::type).containsOnly(TaskType.SQL);
        }

        @Test
        void refusesAMissingQueryAndWrongOptionalFields() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'sql', 'params': 'x', 'datasource': 1,"
                    + " 'max_rows': -5}"))).containsExactly(
                    problem("$.tasks[0].query", "is required for sql tasks"),
                    problem("$.tasks[0].params", "must be an array or an object, was a string ('x')"),
                    problem("$.tasks[0].datasource", "must be a string, was a number (1)"),
                    problem("$.tasks[0].max_rows", "must be a positive integer, was a number (-5)"));
        }

        @Test
        void refusesAQueryBuiltFromAResultAndTakesResultsAsParams() {
            String document = workflow(textTask("Find"),
                    "{'name': 'Q', 'type': 'sql', 'query': 'select * from t where id = {{Find.result}}',"
                            + " 'dependencies': ['Find']}",
                    "{'name': 'P', 'type': 'sql', 'query': 'select * from t where id = :id',"
                            + " 'params': {'id': '{{Find.result}}'}, 'dependencies': ['Find']}");

            assertThat(problemsOf(document)).containsExactly(problem("$.tasks[1].query", "must not contain {{...}}"
                    + " references: pass values in params, which are bound as parameters (:name or ?)"));
        }
    }

    @Nested
    class External {
        @Test
        void needsATaskTypeAndKeepsServiceOutOfParameters() {
            var task = onlyTask("{'name': 'A', 'type': 'external', 'task_type': 'ocr', 'service': 'scanner',"
                    + " 'parameters': {'dpi': 300}}");

            assertThat(task.service()).isEqualTo("scanner");
            assertThat(task.textParameter("task_type")).isEqualTo("ocr");
            assertThat(task.parameters().has("service")).isFalse();
            assertThat(task.parameters().get("parameters").get("dpi").asInt()).isEqualTo(300);
        }

        @Test
        void refusesAMissingTaskTypeAndParametersThatAreNotAnObject() {
            assertThat(problemsOf(workflow("{'name': 'A', 'type': 'external', 'parameters': [1]}"))).containsExactly(
                    problem("$.tasks[0].task_type", "is required for external tasks (it names the handler)"),
                    problem("$.tasks[0].parameters", "must be an object, was an array"));
        }
    }

    @Nested
    class ExactReferencesInTypedFields {
        @Test
        void standForValuesOfAnyTypeAndAreCheckedAtDispatch() {
            var definition = parse(workflow(textTask("Plan"),
                    "{'name': 'Run', 'type': 'function', 'function': 'f', 'args': '{{Plan.result.args}}',"
                            + " 'kwargs': '{{Plan.result.kwargs}}', 'dependencies': ['Plan']}",
                    textTask("Write", "'temperature': '{{Plan.result.t}}', 'max_tokens': '{{ Plan.result.n }}',"
                            + " 'provider': '{{Plan.result.p}}', 'dependencies': ['Plan']")));

            assertThat(definition.tasks().get(1).parameters().get("args").asText()).isEqualTo("{{Plan.result.args}}");
        }

        @Test
        void doNotExcuseTextAroundTheReference() {
            assertThat(problemsOf(workflow(textTask("Plan"),
                    textTask("Write", "'max_tokens': 'at most {{Plan.result}}', 'dependencies': ['Plan']"))))
                    .containsExactly(problem("$.tasks[1].max_tokens",
                            "must be a positive integer, was a string ('at most {{Plan.result}}')"));
        }
    }
}
