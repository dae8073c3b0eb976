package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UtilityFunctionsTest {
    private final Builtins builtins = new Builtins();

    @Nested
    class GenerateUuid {
        @Test
        void isARandomVersionFourUuid() {
            String uuid = builtins.call("generate_uuid", "{}").asText();

            assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(builtins.call("generate_uuid", "{}").asText()).isNotEqualTo(uuid);
        }

        @Test
        void takesNoArguments() {
            assertThat(builtins.failure("generate_uuid", "{\"n\": 1}"))
                    .hasMessage("generate_uuid: unknown argument 'n'; it accepts no arguments");
        }
    }

    @Nested
    class CurrentTimestamp {
        @Test
        void givesNowInTheOriginalsFormats() {
            // the fixed clock: 2025-01-31T12:34:56.789Z in Europe/Berlin (UTC+1)
            assertThat(builtins.call("current_timestamp", "{}")).isEqualTo(builtins.json("""
                    {"unix_timestamp": 1738326896, "iso_format": "2025-01-31T13:34:56.789000",
                     "utc_iso": "2025-01-31T12:34:56.789000Z", "readable": "2025-01-31 13:34:56",
                     "date_only": "2025-01-31", "time_only": "13:34:56"}"""));
        }

        @Test
        void anStrftimeFormatAddsTheFormattedTime() {
            JsonNode now = builtins.call("current_timestamp", "{\"format\": \"%A %d %B %Y, %I:%M %p (%z)\"}");

            assertThat(now.get("formatted").asText()).isEqualTo("Friday 31 January 2025, 01:34 PM (+0100)");
        }

        @Test
        void anUnknownDirectiveIsRefused() {
            assertThat(builtins.failure("current_timestamp", "{\"format\": \"%Q\"}"))
                    .hasMessageStartingWith("unsupported format directive '%Q'");
        }
    }

    @Nested
    class FormatBytes {
        @Test
        void formatsWithOneDecimalPerPowerOf1024() {
            assertThat(builtins.call("format_bytes", "{\"bytes_size\": 0}").asText()).isEqualTo("0.0 B");
            assertThat(builtins.call("format_bytes", "{\"bytes_size\": 1023}").asText()).isEqualTo("1023.0 B");
            assertThat(builtins.call("format_bytes", "{\"bytes_size\": 1536}").asText()).isEqualTo("1.5 KB");
            assertThat(builtins.call("format_bytes", "{\"bytes_size\": 5497558138880}").asText()).isEqualTo("5.0 TB");
            assertThat(builtins.call("format_bytes", "{\"bytes_size\": 3377699720527872}").asText())
                    .isEqualTo("3.0 PB");
        }

        @Test
        void roundsHalfToEvenLikePython() {
            assertThat(builtins.call("format_bytes", "{\"bytes_size\": 1280}").asText()).isEqualTo("1.2 KB");
        }

        @Test
        void acceptsTheOtherArgumentNames() {
            assertThat(builtins.call("format_bytes", "{\"bytes_count\": 1048576}").asText()).isEqualTo("1.0 MB");
            assertThat(builtins.call("format_bytes", "{\"size\": 2048}").asText()).isEqualTo("2.0 KB");
        }

        @Test
        void requiresANumber() {
            assertThat(builtins.failure("format_bytes", "{}")).hasMessage("format_bytes: missing required argument "
                    + "'bytes_size'");
        }
    }

    @Nested
    class RandomData {
        @Test
        void numbersAreIntegersWithinTheBounds() {
            JsonNode numbers = builtins.call("random_data", "{\"count\": 200, \"min\": 5, \"max\": 7}");

            assertThat(numbers).hasSize(200).allSatisfy(n -> {
                assertThat(n.isIntegralNumber()).isTrue();
                assertThat(n.asInt()).isBetween(5, 7);
            });
            assertThat(numbers).extracting(JsonNode::asInt).contains(5, 6, 7);
        }

        @Test
        void tenNumbersFromZeroToAHundredByDefault() {
            assertThat(builtins.call("random_data", "{}")).hasSize(10)
                    .allSatisfy(n -> assertThat(n.asInt()).isBetween(0, 100));
        }

        @Test
        void floatsWordsAndBooleans() {
            assertThat(builtins.call("random_data", "{\"data_type\": \"floats\", \"count\": 5, \"max\": 1}"))
                    .allSatisfy(n -> assertThat(n.asDouble()).isBetween(0.0, 1.0));
            assertThat(builtins.call("random_data", "{\"data_type\": \"words\", \"count\": 5}"))
                    .allSatisfy(w -> assertThat(UtilityFunctions.WORDS).contains(w.asText()));
            assertThat(builtins.call("random_data", "{\"data_type\": \"booleans\", \"count\": 5}"))
                    .allSatisfy(b -> assertThat(b.isBoolean()).isTrue());
        }

        @Test
        void theSameSeedGivesTheSameData() {
            assertThat(new Builtins(new Random(7)).call("random_data", "{\"count\": 5}"))
                    .isEqualTo(new Builtins(new Random(7)).call("random_data", "{\"count\": 5}"));
        }

        @Test
        void countIsCappedAtAThousandAndNegativeGivesNone() {
            assertThat(builtins.call("random_data", "{\"count\": 5000}")).hasSize(1000);
            assertThat(builtins.call("random_data", "{\"count\": -1}")).isEmpty();
        }

        @Test
        void unknownTypesAndInvertedBoundsAreRefused() {
            assertThat(builtins.failure("random_data", "{\"data_type\": \"colours\"}"))
                    .hasMessage("unsupported data_type 'colours'; use numbers, floats, words or booleans");
            assertThat(builtins.failure("random_data", "{\"min\": 10, \"max\": 1}"))
                    .hasMessage("min must not be greater than max");
        }
    }
}
