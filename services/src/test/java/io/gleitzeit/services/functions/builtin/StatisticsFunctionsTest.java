package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatisticsFunctionsTest {
    private final Builtins builtins = new Builtins();

    @Nested
    class AnalyzeNumbers {
        @Test
        void describesTheNumbers() {
            JsonNode analysis = builtins.call("analyze_numbers", "{\"numbers\": [2, 4, 4, 4, 5, 5, 7, 9]}");

            assertThat(analysis).isEqualTo(builtins.json("""
                    {"count": 8, "sum": 40.0, "mean": 5.0, "median": 4.5, "mode": 4.0, "min": 2.0, "max": 9.0,
                     "range": 7.0, "variance": 4.0, "std_deviation": 2.0, "std_dev": 2.0, "unique_count": 5}"""));
        }

        @Test
        void severalModesAreListedInOrderOfAppearance() {
            assertThat(builtins.call("analyze_numbers", "{\"numbers\": [3, 1, 3, 1, 2]}").get("mode"))
                    .isEqualTo(builtins.json("[3.0, 1.0]"));
        }

        @Test
        void theMedianOfAnOddCountIsTheMiddleValue() {
            assertThat(builtins.call("analyze_numbers", "{\"numbers\": [9, 1, 5]}").get("median").asDouble())
                    .isEqualTo(5.0);
        }

        @Test
        void anEmptyListIsRefused() {
            assertThat(builtins.failure("analyze_numbers", "{\"numbers\": []}")).hasMessage("numbers must not be empty");
        }

        @Test
        void aNonNumberIsATypeError() {
            assertThat(builtins.failure("analyze_numbers", "{\"numbers\": [1, \"x\"]}"))
                    .hasMessageContaining("argument 'numbers' expects an array");
        }
    }

    @Nested
    class HistogramData {
        @Test
        void countsValuesInEqualBinsWithTheMaximumInTheLastBin() {
            JsonNode histogram = builtins.call("histogram_data", "{\"numbers\": [0, 1, 2, 3, 4], \"bins\": 2}");

            assertThat(histogram).isEqualTo(builtins.json("""
                    {"bins": [{"range": [0.0, 2.0], "count": 2}, {"range": [2.0, 4.0], "count": 3}],
                     "total": 5, "bin_width": 2.0}"""));
        }

        @Test
        void tenBinsByDefaultAndTheAlias() {
            assertThat(builtins.call("histogram", "{\"numbers\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}")
                    .get("bins")).hasSize(10);
        }

        @Test
        void equalNumbersMakeOneBin() {
            assertThat(builtins.call("histogram_data", "{\"numbers\": [3, 3, 3]}"))
                    .isEqualTo(builtins.json("{\"bins\": [{\"range\": [3.0, 3.0], \"count\": 3}], \"total\": 3}"));
        }

        @Test
        void binsAreCappedAtOneHundredAndMustBePositive() {
            assertThat(builtins.call("histogram_data", "{\"numbers\": [0, 1000], \"bins\": 500}").get("bins"))
                    .hasSize(100);
            assertThat(builtins.failure("histogram_data", "{\"numbers\": [1, 2], \"bins\": 0}"))
                    .hasMessage("bins must be at least 1, was 0");
        }
    }
}
