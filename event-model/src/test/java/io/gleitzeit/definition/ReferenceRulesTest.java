package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.parse;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static io.gleitzeit.definition.Documents.textTask;
import static io.gleitzeit.definition.Documents.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code {{Task.result}}} references may name only the task's own dependencies. */
class ReferenceRulesTest {

    @Test
    void aReferenceToADependencyIsAcceptedAndKeptUnresolved() {
        var definition = parse(workflow(textTask("Fetch Data"),
                textTask("Sum", "'system': 'Sum {{Fetch Data.result.rows}} and {{ Fetch Data.result }}',"
                        + " 'dependencies': ['Fetch Data']")));

        assertThat(definition.tasks().get(1).textParameter("system"))
                .isEqualTo("Sum {{Fetch Data.result.rows}} and {{ Fetch Data.result }}");
    }

    @Test
    void aReferenceToATaskThatIsNotADependencyIsRefusedEvenWhenItIsAnIndirectOne() {
        assertThat(problemsOf(workflow(textTask("A"), textTask("B", "'dependencies': ['A']"),
                textTask("C", "'system': 'use {{A.result}}', 'dependencies': ['B']")))).containsExactly(
                problem("$.tasks[2].system", "references 'A', which is not one of its dependencies"));
    }

    @Test
    void aReferenceToAnUnknownTaskIsRefused() {
        assertThat(problemsOf(workflow(textTask("A", "'system': '{{Ghost.result}}'")))).containsExactly(
                problem("$.tasks[0].system", "references 'Ghost', but no task has that name"));
    }

    @Test
    void aReferenceToTheTaskItselfIsRefused() {
        assertThat(problemsOf(workflow(textTask("A", "'system': 'again: {{A.result.x}}'")))).containsExactly(
                problem("$.tasks[0].system", "references its own result ({{A.result.x}}), which cannot exist yet"));
    }

    @Test
    void referencesAreFoundAtAnyDepthWithTheJsonPathOfTheirString() {
        assertThat(problemsOf(workflow(textTask("A"),
                "{'name': 'F', 'type': 'function', 'function': 'f', 'args': [1, ['x', '{{A.result}}']],"
                        + " 'kwargs': {'plain': '{{A.result}}', 'odd key': {'k': '{{A.result}}'}}}")))
                .containsExactly(
                        problem("$.tasks[1].args[1][1]", "references 'A', which is not one of its dependencies"),
                        problem("$.tasks[1].kwargs.plain", "references 'A', which is not one of its dependencies"),
                        problem("$.tasks[1].kwargs['odd key'].k",
                                "references 'A', which is not one of its dependencies"));
    }

    @Test
    void eachBadReferenceInOneStringIsReportedOnce() {
        assertThat(problemsOf(workflow(textTask("A"), textTask("B"),
                textTask("C", "'system': '{{A.result}} {{B.result}} {{A.result.z}}'")))).containsExactly(
                problem("$.tasks[2].system", "references 'A', which is not one of its dependencies"),
                problem("$.tasks[2].system", "references 'B', which is not one of its dependencies"));
    }

    @Test
    void textThatOnlyLooksLikeAReferenceIsLeftAlone() {
        var definition = parse(workflow(textTask("A", "'system': 'Use {{name}} or {{A.results}} or {single}'")));

        assertThat(definition.tasks().get(0).textParameter("system"))
                .isEqualTo("Use {{name}} or {{A.results}} or {single}");
    }

    @Test
    void commonFieldsAreNotSearchedBecauseTheyAreNeverResolved() {
        var definition = parse(workflow(textTask("A"), textTask("B", "'service': '{{A.result}}'")));

        assertThat(definition.tasks().get(1).service()).isEqualTo("{{A.result}}");
    }

    @Test
    void aReferenceWithAHundredThousandPathStepsIsCheckedWithoutStackOverflow() {
        String steps = ".x".repeat(100_000);

        var definition = parse(workflow(textTask("A"), textTask("B", "'system': '{{A.result" + steps + "}}',"
                + " 'dependencies': ['A']")));

        assertThat(definition.tasks().get(1).textParameter("system")).endsWith(".x.x}}");
    }
}
