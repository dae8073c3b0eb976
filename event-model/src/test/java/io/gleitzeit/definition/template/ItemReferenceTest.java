package io.gleitzeit.definition.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code {{item}}} references of a batch unit, resolved together with task references. */
class ItemReferenceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final ReferenceResolver resolver = ReferenceResolver.over(Map.of("Style", json("'terse'"),
            "item", json("'the task named item'"))).withItem("item", json("{'title': 'Doc', 'pages': [3, 4]}"));

    @Nested
    class Resolving {
        @Test
        void anExactReferenceKeepsTheElementsJsonType() {
            ObjectNode out = resolver.resolve((ObjectNode) json("{'doc': '{{item}}', 'n': '{{ item.pages.1 }}'}"));
            assertThat(out).isEqualTo(json("{'doc': {'title': 'Doc', 'pages': [3, 4]}, 'n': 4}"));
        }

        @Test
        void referencesInsideTextMixWithTaskReferences() {
            JsonNode out = resolver.resolveNode(json("'{{Style.result}} summary of {{item.title}}: {{item.pages}}'"));
            assertThat(out.asText()).isEqualTo("terse summary of Doc: [3,4]");
        }

        @Test
        void aTaskReferenceWinsOverAnItemPathNamedResult() {
            assertThat(resolver.resolveNode(json("'{{item.result}}'")).asText()).isEqualTo("the task named item");
        }

        @Test
        void anElementHoldingReferenceTextIsNotResolvedAgain() {
            ReferenceResolver r = ReferenceResolver.over(Map.of("Style", json("'terse'")))
                    .withItem("item", json("'{{Style.result}}'"));
            assertThat(r.resolveNode(json("'x {{item}}'")).asText()).isEqualTo("x {{Style.result}}");
        }

        @Test
        void otherVariablesAndLookAlikesStayText() {
            JsonNode in = json("'{{items}} {{other}} {{item.}} {{item..x}}'");
            assertThat(resolver.resolveNode(in)).isSameAs(in);
        }

        @Test
        void withoutABindingItemReferencesAreText() {
            JsonNode in = json("'{{item}}'");
            assertThat(ReferenceResolver.over(Map.of()).resolveNode(in)).isSameAs(in);
        }
    }

    @Nested
    class Failing {
        @Test
        void aPathTheElementDoesNotHave() {
            assertThatThrownBy(() -> resolver.resolveNode(json("'{{item.author}}'")))
                    .isInstanceOf(ReferenceException.class)
                    .hasMessage("{{item.author}}: item has no field 'author'");
        }

        @Test
        void anIndexOutOfRange() {
            assertThatThrownBy(() -> resolver.resolveNode(json("'{{item.pages.7}}'")))
                    .isInstanceOf(ReferenceException.class)
                    .hasMessage("{{item.pages.7}}: item.pages has 2 elements; index 7 is out of range");
        }
    }

    @Nested
    class Syntax {
        @Test
        void exactReferenceWithWhitespaceAndAPath() {
            assertThat(ItemSyntax.exactReference("  {{ doc.a.0 }} ", "doc"))
                    .isEqualTo(new ItemReference("doc", java.util.List.of("a", "0"), "{{ doc.a.0 }}"));
            assertThat(ItemSyntax.exactReference("x {{doc}}", "doc")).isNull();
            assertThat(ItemSyntax.occursIn("x {{doc}}", "doc")).isTrue();
            assertThat(ItemSyntax.occursIn("x {{docs}}", "doc")).isFalse();
        }
    }
}
