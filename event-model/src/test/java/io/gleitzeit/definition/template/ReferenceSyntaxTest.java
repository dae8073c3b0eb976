package io.gleitzeit.definition.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceSyntaxTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Nested
    class FindIn {
        @Test
        void findsAPlainReference() {
            assertThat(ReferenceSyntax.findIn("Summarise {{Fetch.result}} please"))
                    .containsExactly(new TaskReference("Fetch", List.of(), "{{Fetch.result}}"));
        }

        @Test
        void findsAPathIntoTheResult() {
            assertThat(ReferenceSyntax.findIn("{{Fetch.result.items.0.title}}")).singleElement()
                    .satisfies(ref -> {
                        assertThat(ref.taskName()).isEqualTo("Fetch");
                        assertThat(ref.path()).containsExactly("items", "0", "title");
                    });
        }

        @Test
        void acceptsNamesWithSpacesAndDots() {
            assertThat(ReferenceSyntax.findIn("{{Step 1.2 v3.0.result.a}}")).singleElement()
                    .satisfies(ref -> {
                        assertThat(ref.taskName()).isEqualTo("Step 1.2 v3.0");
                        assertThat(ref.path()).containsExactly("a");
                    });
        }

        @Test
        void stripsWhitespaceJustInsideTheBraces() {
            assertThat(ReferenceSyntax.findIn("{{  Fetch Data.result.x \n}}")).singleElement()
                    .satisfies(ref -> {
                        assertThat(ref.taskName()).isEqualTo("Fetch Data");
                        assertThat(ref.path()).containsExactly("x");
                        assertThat(ref.text()).isEqualTo("{{  Fetch Data.result.x \n}}");
                    });
        }

        @Test
        void findsEveryReferenceInOrder() {
            assertThat(ReferenceSyntax.findIn("{{A.result}}-{{B.result.n}}{{A.result}}"))
                    .extracting(TaskReference::taskName, TaskReference::text)
                    .containsExactly(
                            tuple("A", "{{A.result}}"), tuple("B", "{{B.result.n}}"), tuple("A", "{{A.result}}"));
        }

        @Test
        void theNameEndsAtTheFirstDotResultThatEndsTheReferenceOrStartsAPath() {
            assertThat(ReferenceSyntax.findIn("{{A.results.result}}")).singleElement()
                    .satisfies(ref -> assertThat(ref.taskName()).isEqualTo("A.results"));
            assertThat(ReferenceSyntax.findIn("{{A.result.result}}")).singleElement()
                    .satisfies(ref -> {
                        assertThat(ref.taskName()).isEqualTo("A");
                        assertThat(ref.path()).containsExactly("result");
                    });
        }

        @Test
        void findsAReferenceRightAfterExtraOpeningBraces() {
            assertThat(ReferenceSyntax.findIn("{{{A.result}}}")).extracting(TaskReference::text)
                    .containsExactly("{{A.result}}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"no braces", "{single}", "{{name}}", "{{A.results}}", "{{A.result.}}",
            "{{A.result..x}}", "{{A.result.a b}}", "{{.result}}", "{{A.result}", "{{A{.result}}", "{{A.result.x{}}",
            "{ {A.result}}", "A.result"})
        void findsNothingInTextThatIsNotAReference(String text) {
            assertThat(ReferenceSyntax.findIn(text)).isEmpty();
        }

        @Test
        void aBlankNameIsStillAReferenceWhichTheValidatorThenRefuses() {
            assertThat(ReferenceSyntax.findIn("{{ .result}}")).extracting(TaskReference::taskName).containsExactly("");
        }
    }

    @Nested
    class ExactReference {
        @Test
        void isTheReferenceWhenTheTextIsNothingElse() {
            assertThat(ReferenceSyntax.exactReference("{{A.result.x}}"))
                    .isEqualTo(new TaskReference("A", List.of("x"), "{{A.result.x}}"));
        }

        @Test
        void ignoresWhitespaceAroundTheReference() {
            assertThat(ReferenceSyntax.exactReference("  {{A.result}}\n")).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"x {{A.result}}", "{{A.result}} x", "{{A.result}}{{B.result}}", "plain", "",
            "{{A.result}}}"})
        void isNullWhenThereIsMoreOrLessThanOneReference(String text) {
            assertThat(ReferenceSyntax.exactReference(text)).isNull();
        }
    }

    @Nested
    class Visit {
        @Test
        void reportsEachReferenceWithThePathOfItsString() throws Exception {
            var node = MAPPER.readTree("""
                    {"prompt": "{{A.result}} and {{B.result}}", "args": [1, ["{{C.result.x}}"]],
                     "kwargs": {"odd key": "{{D.result}}", "it's": {"x\\\\y": "{{E.result}}"}}, "n": 5, "none": null}
                    """);
            List<String> seen = new ArrayList<>();

            ReferenceSyntax.visit(node, "$.tasks[3]", (path, ref) -> seen.add(path + " " + ref.taskName()));

            assertThat(seen).containsExactly(
                    "$.tasks[3].prompt A",
                    "$.tasks[3].prompt B",
                    "$.tasks[3].args[1][0] C",
                    "$.tasks[3].kwargs['odd key'] D",
                    "$.tasks[3].kwargs['it\\'s']['x\\\\y'] E");
        }

        @Test
        void visitsNothingInANullNode() {
            List<String> seen = new ArrayList<>();

            ReferenceSyntax.visit(null, "$", (path, ref) -> seen.add(path));

            assertThat(seen).isEmpty();
        }
    }

    @Nested
    class ChildPath {
        @Test
        void usesDotNotationForPlainNames() {
            assertThat(ReferenceSyntax.childPath("$", "max_tokens")).isEqualTo("$.max_tokens");
            assertThat(ReferenceSyntax.childPath("$.a", "_x9")).isEqualTo("$.a._x9");
        }

        @Test
        void usesBracketsForOtherNamesEscapingQuotesAndBackslashes() {
            assertThat(ReferenceSyntax.childPath("$", "X-Api-Key")).isEqualTo("$['X-Api-Key']");
            assertThat(ReferenceSyntax.childPath("$", "9lives")).isEqualTo("$['9lives']");
            assertThat(ReferenceSyntax.childPath("$", "")).isEqualTo("$['']");
            assertThat(ReferenceSyntax.childPath("$", "it's")).isEqualTo("$['it\\'s']");
            assertThat(ReferenceSyntax.childPath("$", "a\\'b")).isEqualTo("$['a\\\\\\'b']");
        }
    }

    @Nested
    class Robustness {
        @Test
        void aStringOfManyPathStepsIsScannedWithoutStackOverflow() {
            String steps = ".step".repeat(200_000);

            assertThat(ReferenceSyntax.findIn("{{A.result" + steps + "}}")).singleElement()
                    .satisfies(ref -> assertThat(ref.path()).hasSize(200_000));
            assertThat(ReferenceSyntax.findIn("{{A.result" + steps + " x}}")).isEmpty();
            assertThat(ReferenceSyntax.findIn("{{a" + ".result".repeat(200_000))).isEmpty();
        }

        @Test
        void manyUnclosedOpeningsAreNoProblem() {
            assertThat(ReferenceSyntax.findIn("{{x}} ".repeat(100_000) + "{{A.result}}"))
                    .extracting(TaskReference::taskName).containsExactly("A");
        }

        /**
         * The scanner replaced this regular expression (which recursed per path step); on strings small enough for
         * the regex, both must find exactly the same references.
         */
        @Test
        void findsWhatTheRegularExpressionItReplacesFinds() {
            Pattern regex = Pattern.compile("\\{\\{\\s*([^{}]+?)\\.result((?:\\.[^.{}\\s]+)*)\\s*}}");
            String[] pieces = {"{{", "}}", "{", "}", ".", ".result", "result", "A", "b c", "0", " ", "\n", "..", "x"};
            Random random = new Random(20_240_617L);
            int withReferences = 0;
            for (int i = 0; i < 50_000; i++) {
                // Mostly near-references (the interesting cases), with random pieces around and inside them.
                String s = noise(random, pieces) + "{{" + noise(random, pieces) + "A" + noise(random, pieces)
                        + ".result" + noise(random, pieces) + "}}" + noise(random, pieces);

                List<TaskReference> expected = regexFind(regex, s);
                assertThat(ReferenceSyntax.findIn(s)).as("references in \"%s\"", s).isEqualTo(expected);
                withReferences += expected.isEmpty() ? 0 : 1;
                Matcher exact = regex.matcher(s.strip());
                assertThat(ReferenceSyntax.exactReference(s) != null).as("exact reference \"%s\"", s)
                        .isEqualTo(s.contains("{{") && exact.matches());
            }
            // The comparison means something only if many of the random strings do hold references.
            assertThat(withReferences).isGreaterThan(10_000);
        }

        private String noise(Random random, String[] pieces) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(4); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            return text.toString();
        }

        private List<TaskReference> regexFind(Pattern regex, String s) {
            List<TaskReference> found = new ArrayList<>();
            Matcher m = regex.matcher(s);
            while (m.find()) {
                String raw = m.group(2);
                List<String> path = raw.isEmpty() ? List.of() : Arrays.asList(raw.substring(1).split("\\."));
                found.add(new TaskReference(m.group(1).strip(), path, m.group()));
            }
            return found;
        }
    }
}
