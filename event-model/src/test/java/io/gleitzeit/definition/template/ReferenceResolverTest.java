package io.gleitzeit.definition.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReferenceResolverTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode object(String singleQuoted) {
        return (ObjectNode) json(singleQuoted);
    }

    /** Results of tasks by name: a number, an object, an array, a string, JSON null and a boolean. */
    private final Map<String, JsonNode> results = new HashMap<>(Map.of(
            "Count", json("42"),
            "Fetch Data", json("{'items': [{'title': 'first'}, {'title': 'second'}], 'total': 2, 'meta': null}"),
            "List", json("[1, 'two', [3]]"),
            "Say", TextNode.valueOf("hello"),
            "Nothing", json("null"),
            "Flag", json("true")));
    private final ReferenceResolver resolver = ReferenceResolver.over(results);

    @Nested
    class AnExactReference {
        @Test
        void keepsANumber() {
            assertThat(resolver.resolve(object("{'n': '{{Count.result}}'}")).get("n")).isEqualTo(json("42"));
        }

        @Test
        void keepsAnObject() {
            assertThat(resolver.resolve(object("{'o': '{{Fetch Data.result}}'}")).get("o"))
                    .isEqualTo(results.get("Fetch Data"));
        }

        @Test
        void keepsAnArray() {
            assertThat(resolver.resolve(object("{'a': '{{List.result}}'}")).get("a")).isEqualTo(json("[1,'two',[3]]"));
        }

        @Test
        void keepsNull() {
            JsonNode resolved = resolver.resolve(object("{'x': '{{Nothing.result}}'}")).get("x");

            assertThat(resolved).isNotNull();
            assertThat(resolved.isNull()).isTrue();
        }

        @Test
        void keepsABooleanAndAString() {
            ObjectNode resolved = resolver.resolve(object("{'b': '{{Flag.result}}', 's': ' {{Say.result}} '}"));

            assertThat(resolved.get("b").isBoolean()).isTrue();
            assertThat(resolved.get("s")).isEqualTo(TextNode.valueOf("hello"));
        }

        @Test
        void followsAPathThroughObjectsAndArrays() {
            ObjectNode resolved = resolver.resolve(object("{'t': '{{Fetch Data.result.items.1.title}}',"
                    + " 'n': '{{Fetch Data.result.total}}', 'm': '{{Fetch Data.result.meta}}',"
                    + " 'deep': '{{List.result.2.0}}'}"));

            assertThat(resolved).isEqualTo(json("{'t': 'second', 'n': 2, 'm': null, 'deep': 3}"));
        }
    }

    @Nested
    class AReferenceInsideText {
        @Test
        void insertsStringsAsTheyAre() {
            assertThat(resolver.resolve(object("{'p': 'Say: {{Say.result}}!'}")).get("p").asText())
                    .isEqualTo("Say: hello!");
        }

        @Test
        void insertsOtherValuesAsCompactJson() {
            ObjectNode resolved = resolver.resolve(object("{'p': 'n={{Count.result}} o={{Fetch Data.result.items.0}}"
                    + " a={{List.result}} z={{Nothing.result}} f={{Flag.result}}'}"));

            assertThat(resolved.get("p").asText())
                    .isEqualTo("n=42 o={\"title\":\"first\"} a=[1,\"two\",[3]] z=null f=true");
        }

        @Test
        void replacesEveryReferenceAndLeavesLookAlikesAlone() {
            assertThat(resolver.resolve(object("{'p': '{{Say.result}} {{name}} {{Say.result}} {x}'}")).get("p")
                    .asText()).isEqualTo("hello {{name}} hello {x}");
        }

        @Test
        void insertsTextThatLooksLikeAReplacementPatternLiterally() {
            results.put("Dollar", TextNode.valueOf("costs $1 \\o/"));

            assertThat(resolver.resolve(object("{'p': 'It {{Dollar.result}}'}")).get("p").asText())
                    .isEqualTo("It costs $1 \\o/");
        }
    }

    @Nested
    class Resolving {
        @Test
        void findsReferencesAtAnyDepth() {
            ObjectNode resolved = resolver.resolve(object(
                    "{'args': [1, ['{{Count.result}}']], 'kwargs': {'a': {'b': 'x{{Say.result}}'}}}"));

            assertThat(resolved).isEqualTo(json("{'args': [1, [42]], 'kwargs': {'a': {'b': 'xhello'}}}"));
        }

        @Test
        void returnsTheSameInstanceWhenThereIsNothingToResolve() {
            ObjectNode parameters = object("{'p': 'plain {braces} {{not a reference}}', 'n': [1, {'k': 'v'}]}");

            assertThat(resolver.resolve(parameters)).isSameAs(parameters);
        }

        @Test
        void returnsTheSameStringNodeForAStringWithoutReferences() {
            JsonNode text = TextNode.valueOf("no references here");

            assertThat(resolver.resolveNode(text)).isSameAs(text);
        }

        @Test
        void sharesTheUnchangedPartsInsteadOfCopyingThem() {
            ObjectNode parameters = object("{'p': '{{Say.result}}', 'big': {'list': [1, 2, 3]}, 'arr': ['{{Count"
                    + ".result}}', {'keep': true}]}");

            ObjectNode resolved = resolver.resolve(parameters);

            assertThat(resolved.get("big")).isSameAs(parameters.get("big"));
            assertThat(resolved.get("arr").get(1)).isSameAs(parameters.get("arr").get(1));
        }

        @Test
        void neverChangesItsInput() {
            ObjectNode parameters = object("{'p': '{{Say.result}}', 'a': ['{{Count.result}}']}");
            ObjectNode before = parameters.deepCopy();

            resolver.resolve(parameters);

            assertThat(parameters).isEqualTo(before);
        }

        @Test
        void keepsTheOrderOfMembers() {
            ObjectNode resolved = resolver.resolve(object("{'z': 1, 'p': '{{Say.result}}', 'a': 2}"));

            assertThat(resolved.fieldNames()).toIterable().containsExactly("z", "p", "a");
        }
    }

    @Nested
    class AReferenceThatCannotBeResolved {
        private void assertFails(String reference, String message) {
            assertThatThrownBy(() -> resolver.resolve(object("{'p': '" + reference + "'}")))
                    .isInstanceOfSatisfying(ReferenceException.class, e -> {
                        assertThat(e).hasMessage(reference + ": " + message);
                        assertThat(e.reference().text()).isEqualTo(reference);
                    });
        }

        @Test
        void failsWhenTheTaskHasNoResult() {
            assertFails("{{Pending.result}}", "task 'Pending' has no result");
        }

        @Test
        void failsWhenAFieldIsMissing() {
            assertFails("{{Fetch Data.result.items.0.author}}", "result.items.0 has no field 'author'");
        }

        @Test
        void failsWhenAnArrayStepIsNotAnIndex() {
            assertFails("{{List.result.first}}", "result is an array; 'first' is not an index");
            assertFails("{{List.result.-1}}", "result is an array; '-1' is not an index");
        }

        @Test
        void failsWhenAnIndexIsOutOfRange() {
            assertFails("{{Fetch Data.result.items.2}}", "result.items has 2 elements; index 2 is out of range");
            assertFails("{{List.result.99999999999}}", "result has 3 elements; index 99999999999 is out of range");
        }

        @Test
        void failsWhenAStepGoesIntoAScalar() {
            assertFails("{{Count.result.x}}", "result is a number, so it has no 'x'");
            assertFails("{{Say.result.x}}", "result is a string, so it has no 'x'");
            assertFails("{{Flag.result.x}}", "result is a boolean, so it has no 'x'");
            assertFails("{{Fetch Data.result.meta.x}}", "result.meta is null, so it has no 'x'");
        }

        @Test
        void failsInsideTextToo() {
            assertThatThrownBy(() -> resolver.resolve(object("{'p': 'see {{Pending.result}} now'}")))
                    .isInstanceOf(ReferenceException.class)
                    .hasMessage("{{Pending.result}}: task 'Pending' has no result");
        }
    }

    @Test
    void valueOfGivesTheValueOfOneReference() {
        TaskReference ref = new TaskReference("Fetch Data", List.of("items", "0", "title"),
                "{{Fetch Data.result.items.0.title}}");

        assertThat(resolver.valueOf(ref).asText()).isEqualTo("first");
    }
}
