package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.json;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManyProblemsTest {

    @Test
    void everyProblemIsReportedAtOnceInDocumentOrder() {
        String document = json("""
                {
                  'workflow_id': 'a/b',
                  'error_strategy': 'retry',
                  'timeout_seconds': -5,
                  'tasks': [
                    {'name': 'Fetch', 'type': 'http', 'url': 'not a url', 'method': 'get', 'retry': {'jitter': 3}},
                    {'name': 'Fetch', 'type': 'text', 'priority': 'now', 'dependencies': ['Fetch', 'Nope']},
                    {'name': 'Summarise', 'type': 'text', 'prompt': 'Sum {{Fetch.result}}', 'provider': 'acme',
                     'dependencies': ['Report']},
                    {'name': 'Report', 'type': 'python', 'function': 'make report', 'dependencies': ['Summarise'],
                     'kwargs': {'t': '{{Ghost.result}}'}},
                    42
                  ]
                }
                """);

        assertThat(problemsOf(document)).containsExactly(
                problem("$.workflow_id", "must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter"
                        + " or digit (no '/', '{' or '}'), was 'a/b'"),
                problem("$.name", "is required"),
                problem("$.error_strategy", "must be one of stop, continue, was a string ('retry')"),
                problem("$.timeout_seconds", "must be a positive number of seconds, at most 2592000 (30 days), was a"
                        + " number (-5)"),
                problem("$.tasks[0].retry.jitter", "must be a number within 0..1, was a number (3)"),
                problem("$.tasks[0].url", "must be an absolute http or https URL, was 'not a url'"),
                problem("$.tasks[1].name", "duplicate task name 'Fetch': $.tasks[0] already has it; names must be"
                        + " unique"),
                problem("$.tasks[1].priority", "must be one of low, normal, high, urgent, was a string ('now')"),
                problem("$.tasks[1].prompt", "is required for text tasks"),
                problem("$.tasks[1].dependencies[0]", "a task cannot depend on itself"),
                problem("$.tasks[1].dependencies[1]", "no task is named 'Nope'"),
                problem("$.tasks[2].provider", "must be one of internal, openai, anthropic, gemini, was a string"
                        + " ('acme')"),
                problem("$.tasks[2].prompt", "references 'Fetch', which is not one of its dependencies"),
                problem("$.tasks[3].function", "must be a function name: identifiers joined by dots, like"
                        + " 'reports.create', was 'make report'"),
                problem("$.tasks[3].kwargs.t", "references 'Ghost', but no task has that name"),
                problem("$.tasks[4]", "must be a task object, was a number (42)"),
                problem("$.tasks[2].dependencies", "cycle: Summarise → Report → Summarise"));
    }
}
