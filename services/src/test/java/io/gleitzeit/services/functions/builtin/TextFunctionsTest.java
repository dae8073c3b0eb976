package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TextFunctionsTest {
    private final Builtins builtins = new Builtins();

    @Nested
    class TextStatistics {
        @Test
        void countsCharactersWordsSentencesAndParagraphs() {
            JsonNode stats = builtins.call("text_statistics",
                    "{\"text\": \"The cat sat. The dog ran far!\\n\\nA bird flew?\"}");

            assertThat(stats).isEqualTo(builtins.json("""
                    {"character_count": 43, "character_count_no_spaces": 35, "word_count": 10, "sentence_count": 3,
                     "paragraph_count": 2, "average_word_length": 3.3, "average_sentence_length": 3.3333333333333335,
                     "longest_word": "flew?", "shortest_word": "A", "unique_words": 9,
                     "most_common_chars": [["a", 5], ["t", 4], ["e", 3], ["r", 3], ["h", 2]],
                     "readability_score": 3.3333333333333335}"""));
        }

        @Test
        void countsCodePointsNotUtf16Units() {
            assertThat(builtins.call("text_stats", "{\"text\": \"Grüße 🚀\"}").get("character_count").asInt())
                    .isEqualTo(7);
        }

        @Test
        void emptyTextIsRefused() {
            assertThat(builtins.failure("text_statistics", "{\"text\": \"\"}")).hasMessage("text must not be empty");
        }
    }

    @Nested
    class WordFrequency {
        @Test
        void countsWordsWithoutStopWordsOrShortWords() {
            JsonNode frequency = builtins.call("word_frequency",
                    "{\"text\": \"The cat and the hat. The cat sat on a mat, cat!\", \"top_n\": 2}");

            assertThat(frequency).isEqualTo(builtins.json("""
                    {"total_words": 12, "unique_words": 8, "filtered_words": 6,
                     "top_words": [["cat", 3], ["hat", 1]], "vocabulary_richness": 0.6666666666666666}"""));
        }

        @Test
        void topNMustBePositive() {
            assertThat(builtins.failure("word_frequency", "{\"text\": \"a b\", \"top_n\": 0}"))
                    .hasMessage("top_n must be at least 1, was 0");
        }
    }

    @Nested
    class TextSimilarity {
        @Test
        void measuresWordAndCharacterOverlap() {
            JsonNode similarity = builtins.call("text_similarity",
                    "{\"text1\": \"the quick fox\", \"text2\": \"The lazy fox\"}");

            assertThat(similarity.get("jaccard_similarity").asDouble()).isEqualTo(0.5);
            assertThat(similarity.get("common_words").asInt()).isEqualTo(2);
            assertThat(similarity.get("total_unique_words").asInt()).isEqualTo(4);
            assertThat(similarity.get("text1_unique").asInt()).isEqualTo(1);
            assertThat(similarity.get("text2_unique").asInt()).isEqualTo(1);
            assertThat(similarity.get("character_similarity").asDouble()).isBetween(0.0, 1.0);
        }

        @Test
        void identicalTextsAreFullySimilar() {
            JsonNode similarity = builtins.call("text_similarity", "{\"text1\": \"Same words\", \"text2\": \"same WORDS\"}");

            assertThat(similarity.get("jaccard_similarity").asDouble()).isEqualTo(1.0);
            assertThat(similarity.get("character_similarity").asDouble()).isEqualTo(1.0);
        }

        @Test
        void bothTextsAreRequired() {
            assertThat(builtins.failure("text_similarity", "{\"text1\": \"x\", \"text2\": \"\"}"))
                    .hasMessage("text2 must not be empty");
        }
    }
}
