package io.gleitzeit.definition;

import static io.gleitzeit.definition.Documents.parse;
import static io.gleitzeit.definition.Documents.problem;
import static io.gleitzeit.definition.Documents.problemsOf;
import static io.gleitzeit.definition.Documents.textTask;
import static io.gleitzeit.definition.Documents.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code batch} object of a task: what is accepted, the defaults, and every refusal by JSON path. */
class BatchRulesTest {

    @Nested
    class Accepted {
        @Test
        void aLiteralListTakesTheDefaults() {
            TaskDefinition t = parse(workflow("{'name': 'Each', 'type': 'text',"
                    + " 'prompt': 'Summarise {{item}}', 'batch': {'items': ['a', 'b']}}")).tasks().get(0);
            assertThat(t.hasBatch()).isTrue();
            assertThat(t.batch().items().size()).isEqualTo(2);
            assertThat(t.batch().maxConcurrency()).isEqualTo(BatchSpec.DEFAULT_MAX_CONCURRENCY);
            assertThat(t.batch().itemVariable()).isEqualTo("item");
            assertThat(t.parameters().has("batch")).as("batch is a common field, not a parameter").isFalse();
        }

        @Test
        void aReferenceToADependencysResultWithAPath() {
            TaskDefinition t = parse(workflow(textTask("List"), "{'name': 'Each', 'type': 'text',"
                    + " 'prompt': '{{doc.title}}', 'dependencies': ['List'],"
                    + " 'batch': {'items': '{{List.result.docs}}', 'max_concurrency': 2, 'item_var': 'doc'}}"))
                    .tasks().get(1);
            assertThat(t.batch().items().asText()).isEqualTo("{{List.result.docs}}");
            assertThat(t.batch().maxConcurrency()).isEqualTo(2);
            assertThat(t.batch().itemVariable()).isEqualTo("doc");
        }

        @Test
        void anExactItemReferenceStandsInAFieldOfAnotherType() {
            TaskDefinition t = parse(workflow("{'name': 'Sq', 'type': 'function', 'function': '{{item.fn}}',"
                    + " 'args': '{{item.args}}', 'batch': {'items': [{'fn': 'square', 'args': [2]}]}}"))
                    .tasks().get(0);
            assertThat(t.parameters().get("args").asText()).isEqualTo("{{item.args}}");
        }

        @Test
        void aTaskWithoutBatchIsNoBatch() {
            assertThat(parse(workflow(textTask("A"))).tasks().get(0).hasBatch()).isFalse();
        }
    }

    @Nested
    class Refused {
        @Test
        void itemsMissing() {
            assertThat(problemsOf(workflow(textTask("Each", "'batch': {'max_concurrency': 2}")))).containsExactly(
                    problem("$.tasks[0].batch.items",
                            "is required: an array, or exactly one {{Task.result}} reference to a list"));
        }

        @Test
        void itemsNeitherAListNorOneReference() {
            assertThat(problemsOf(workflow(textTask("A"), textTask("Each",
                    "'dependencies': ['A'], 'batch': {'items': 'all of {{A.result}}'}")))).containsExactly(
                    problem("$.tasks[1].batch.items", "must be an array or exactly one {{Task.result}} reference,"
                            + " was a string ('all of {{A.result}}')"));
        }

        @Test
        void itemsReferringToATaskThatIsNotADependency() {
            assertThat(problemsOf(workflow(textTask("A"), textTask("Each",
                    "'batch': {'items': ['x', '{{A.result}}']}")))).containsExactly(
                    problem("$.tasks[1].batch.items[1]", "references 'A', which is not one of its dependencies"));
        }

        @Test
        void concurrencyOutOfRangeAndAVariableThatIsNoIdentifier() {
            assertThat(problemsOf(workflow(textTask("Each",
                    "'batch': {'items': [], 'max_concurrency': 0, 'item_var': 'my item'}")))).containsExactly(
                    problem("$.tasks[0].batch.max_concurrency", "must be an integer within 1..1000, was a number (0)"),
                    problem("$.tasks[0].batch.item_var",
                            "must be an identifier ([A-Za-z_][A-Za-z0-9_]*), was 'my item'"));
        }

        @Test
        void batchThatIsNoObject() {
            assertThat(problemsOf(workflow(textTask("Each", "'batch': ['a']")))).containsExactly(
                    problem("$.tasks[0].batch", "must be an object, was an array"));
        }

        @Test
        void aLiteralListAboveTheLimit() {
            String items = "[" + "1,".repeat(BatchSpec.MAX_ITEMS) + "1]";
            assertThat(problemsOf(workflow(textTask("Each", "'batch': {'items': " + items + "}")))).containsExactly(
                    problem("$.tasks[0].batch.items", "holds 10001 elements; the limit is 10000"));
        }

        @Test
        void anItemReferenceOutsideABatchIsPlainTextSoTypedFieldsStillRefuseIt() {
            assertThat(problemsOf(workflow("{'name': 'F', 'type': 'function', 'function': 'f',"
                    + " 'args': '{{item}}'}"))).containsExactly(
                    problem("$.tasks[0].args", "must be an array, was a string ('{{item}}')"));
        }
    }
}
