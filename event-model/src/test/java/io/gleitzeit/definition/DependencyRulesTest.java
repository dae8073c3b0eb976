package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.parse;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static io.gleitzeit.definition.Documents.taskAfter;
import static io.gleitzeit.definition.Documents.textTask;
import static io.gleitzeit.definition.Documents.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Dependencies name other tasks, once each, without cycles. */
class DependencyRulesTest {

    @Nested
    class Names {
        @Test
        void mayNameAnyOtherTaskInAnyOrder() {
            var definition = parse(workflow(taskAfter("Report", "Fetch", "Clean"), textTask("Fetch"),
                    taskAfter("Clean", "Fetch")));

            assertThat(definition.task("Report").orElseThrow().dependencies()).containsExactly("Fetch", "Clean");
        }

        @Test
        void mustNameAnExistingTask() {
            assertThat(problemsOf(workflow(textTask("A"), taskAfter("B", "A", "Z")))).containsExactly(
                    problem("$.tasks[1].dependencies[1]", "no task is named 'Z'"));
        }

        @Test
        void areCaseSensitive() {
            assertThat(problemsOf(workflow(textTask("Fetch"), taskAfter("B", "fetch")))).containsExactly(
                    problem("$.tasks[1].dependencies[0]", "no task is named 'fetch'"));
        }

        @Test
        void mustNotNameTheTaskItself() {
            assertThat(problemsOf(workflow(taskAfter("A", "A")))).containsExactly(
                    problem("$.tasks[0].dependencies[0]", "a task cannot depend on itself"));
        }

        @Test
        void mustNotRepeatAName() {
            assertThat(problemsOf(workflow(textTask("A"), taskAfter("B", "A", "A")))).containsExactly(
                    problem("$.tasks[1].dependencies[1]", "duplicate dependency 'A': already listed at"
                            + " dependencies[0]"));
        }

        @Test
        void onATaskWithAnInvalidNameAreNotAlsoReportedAsUnknown() {
            assertThat(problemsOf(workflow(textTask("A.result"), taskAfter("B", "A.result"))))
                    .extracting(ValidationProblem::path).containsExactly("$.tasks[0].name");
        }
    }

    @Nested
    class Cycles {
        @Test
        void aTwoTaskCycleIsReportedOnceAtItsFirstTask() {
            assertThat(problemsOf(workflow(taskAfter("A", "B"), taskAfter("B", "A")))).containsExactly(
                    problem("$.tasks[0].dependencies", "cycle: A → B → A"));
        }

        @Test
        void theCycleReadsInTheDirectionOfDependsOn() {
            // C depends on B, B on A, A on C.
            assertThat(problemsOf(workflow(textTask("Start"), taskAfter("B", "A"), taskAfter("A", "C"),
                    taskAfter("C", "B", "Start")))).containsExactly(
                    problem("$.tasks[1].dependencies", "cycle: B → A → C → B"));
        }

        @Test
        void separateCyclesAreEachReportedOnce() {
            assertThat(problemsOf(workflow(taskAfter("A", "B"), taskAfter("B", "A"), textTask("Free"),
                    taskAfter("X", "Y"), taskAfter("Y", "Z"), taskAfter("Z", "X")))).containsExactly(
                    problem("$.tasks[0].dependencies", "cycle: A → B → A"),
                    problem("$.tasks[3].dependencies", "cycle: X → Y → Z → X"));
        }

        @Test
        void tasksTangledInTheSameCyclesAreNamedWithTheShortestCycle() {
            // A ⇄ B, and B → C → D → B: one tangle, reported once, showing a shortest cycle through A.
            assertThat(problemsOf(workflow(taskAfter("A", "B"), taskAfter("B", "A", "C"), taskAfter("C", "D"),
                    taskAfter("D", "B")))).containsExactly(
                    problem("$.tasks[0].dependencies", "cycle: A → B → A; also caught in cycles with these: C, D"));
        }

        @Test
        void aTaskThatMerelyDependsOnACycleIsNotPartOfIt() {
            assertThat(problemsOf(workflow(taskAfter("Downstream", "A"), taskAfter("A", "B"), taskAfter("B", "A"))))
                    .containsExactly(problem("$.tasks[1].dependencies", "cycle: A → B → A"));
        }

        @Test
        void aLongCycleIsShortenedInTheMiddle() {
            List<String> tasks = IntStream.range(0, 50)
                    .mapToObj(i -> taskAfter("T" + i, "T" + ((i + 1) % 50)))
                    .collect(Collectors.toList());

            assertThat(problemsOf(workflow(tasks.toArray(String[]::new)))).containsExactly(problem(
                    "$.tasks[0].dependencies",
                    "cycle: T0 → T1 → T2 → T3 → T4 → … → T46 → T47 → T48 → T49 → T0 (50 tasks)"));
        }
    }

    @Nested
    class LargeDocuments {
        @Test
        void aChainOfTenThousandTasksParsesWithoutStackOverflow() {
            List<String> tasks = new ArrayList<>();
            tasks.add(textTask("T0"));
            for (int i = 1; i < 10_000; i++) {
                tasks.add(textTask("T" + i, "'dependencies': ['T" + (i - 1) + "'], 'prompt2': 'after {{T" + (i - 1)
                        + ".result}}'"));
            }

            WorkflowDefinition definition = parse(workflow(tasks.toArray(String[]::new)));

            assertThat(definition.tasks()).hasSize(10_000);
            assertThat(definition.tasks().get(9_999).dependencies()).containsExactly("T9998");
        }

        @Test
        void aCycleThroughTenThousandTasksIsFoundWithoutStackOverflow() {
            List<String> tasks = IntStream.range(0, 10_000)
                    .mapToObj(i -> taskAfter("T" + i, "T" + ((i + 1) % 10_000)))
                    .collect(Collectors.toList());

            assertThat(problemsOf(workflow(tasks.toArray(String[]::new)))).containsExactly(problem(
                    "$.tasks[0].dependencies",
                    "cycle: T0 → T1 → T2 → T3 → T4 → … → T9996 → T9997 → T9998 → T9999 → T0 (10000 tasks)"));
        }

        @Test
        void tenThousandTasksFanningInToOneParse() {
            List<String> tasks = IntStream.range(0, 9_999).mapToObj(i -> textTask("T" + i))
                    .collect(Collectors.toList());
            String all = IntStream.range(0, 9_999).mapToObj(i -> "'T" + i + "'").collect(Collectors.joining(","));
            tasks.add(textTask("Join", "'dependencies': [" + all + "]"));

            assertThat(parse(workflow(tasks.toArray(String[]::new))).task("Join").orElseThrow().dependencies())
                    .hasSize(9_999);
        }
    }
}
