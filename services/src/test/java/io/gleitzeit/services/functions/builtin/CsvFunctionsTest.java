package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CsvFunctionsTest {
    private final Builtins builtins = new Builtins();
    private final ObjectMapper json = new ObjectMapper();

    private String kwargs(String field, String csv) throws Exception {
        return "{\"" + field + "\": " + json.writeValueAsString(csv) + "}";
    }

    private static final String PEOPLE = "name,age,city\nAda,36,London\nAlan,41,Wilmslow\nGrace,85,\n";

    private static final String RECORDS = """
            [{"name": "Ada", "age": "36", "status": "active"}, {"name": "Alan", "age": 41, "status": "inactive"},
             {"name": "Grace", "age": "85", "status": "Active"}, {"name": "Linus"}]""";

    @Nested
    class CsvToRecords {
        @Test
        void theHeaderRowNamesTheFieldsAndValuesStayText() throws Exception {
            JsonNode result = builtins.call("csv_to_records", kwargs("csv_string", PEOPLE));

            assertThat(result).isEqualTo(builtins.json("""
                    {"success": true, "records": [{"name": "Ada", "age": "36", "city": "London"},
                     {"name": "Alan", "age": "41", "city": "Wilmslow"}, {"name": "Grace", "age": "85", "city": ""}],
                     "count": 3, "columns": ["name", "age", "city"]}"""));
        }

        @Test
        void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() throws Exception {
            String csv = "a,b\r\n\"x,y\",\"say \"\"hi\"\"\nthere\"\r\n";

            JsonNode result = builtins.call("csv_parse", kwargs("csv_text", csv));

            assertThat(result.get("records")).isEqualTo(builtins.json(
                    "[{\"a\": \"x,y\", \"b\": \"say \\\"hi\\\"\\nthere\"}]"));
        }

        @Test
        void anotherDelimiterIsChosenExplicitly() throws Exception {
            String args = "{\"csv_text\": \"a;b\\n1;2\", \"delimiter\": \";\"}";

            assertThat(builtins.call("csv_to_records", args).get("records"))
                    .isEqualTo(builtins.json("[{\"a\": \"1\", \"b\": \"2\"}]"));
        }

        @Test
        void shortRowsGetNullsAndLongRowsKeepTheirExtraFields() throws Exception {
            JsonNode records = builtins.call("csv_to_records", kwargs("csv_string", "a,b\n1\n1,2,3,4\n\n"))
                    .get("records");

            assertThat(records).isEqualTo(builtins.json(
                    "[{\"a\": \"1\", \"b\": null}, {\"a\": \"1\", \"b\": \"2\", \"_extra\": [\"3\", \"4\"]}]"));
        }

        @Test
        void anUnterminatedQuoteAndABadDelimiterAreRefused() throws Exception {
            assertThat(builtins.failure("csv_to_records", kwargs("csv_string", "a\n\"open")))
                    .hasMessageStartingWith("unterminated quoted field");
            assertThat(builtins.failure("csv_to_records", "{\"csv_string\": \"a\", \"delimiter\": \";;\"}"))
                    .hasMessageStartingWith("delimiter must be one character");
        }
    }

    @Nested
    class CsvStatistics {
        @Test
        void describesOneColumnOfRecords() {
            JsonNode stats = builtins.call("csv_statistics", "{\"records\": %s, \"column\": \"age\"}".formatted(RECORDS));

            assertThat(stats).isEqualTo(builtins.json("""
                    {"column": "age", "total_values": 3, "numeric_values": 3, "text_values": 0,
                     "numeric_stats": {"min": 36.0, "max": 85.0, "mean": 54.0, "sum": 162.0}}"""));
        }

        @Test
        void textValuesGetTheirMostCommonValues() {
            JsonNode stats = builtins.call("csv_stats",
                    "{\"records\": %s, \"column\": \"status\"}".formatted(RECORDS));

            assertThat(stats.get("text_stats")).isEqualTo(builtins.json(
                    "{\"unique_values\": 3, \"most_common\": [[\"active\", 1], [\"inactive\", 1], [\"Active\", 1]]}"));
        }

        @Test
        void describesEveryColumnOfCsvText() throws Exception {
            JsonNode stats = builtins.call("csv_statistics", kwargs("csv_text", PEOPLE));

            assertThat(stats.get("row_count").asInt()).isEqualTo(3);
            assertThat(stats.get("column_count").asInt()).isEqualTo(3);
            assertThat(stats.get("columns").get("age").get("numeric_stats").get("mean").asDouble()).isEqualTo(54.0);
            assertThat(stats.get("columns").get("city").get("text_values").asInt()).isEqualTo(3);
        }

        @Test
        void anUnknownColumnOrAmbiguousInputIsRefused() throws Exception {
            assertThat(builtins.failure("csv_statistics", "{\"records\": %s, \"column\": \"zip\"}".formatted(RECORDS)))
                    .hasMessage("column 'zip' not found");
            assertThat(builtins.failure("csv_statistics", "{}"))
                    .hasMessage("give either records or csv_string (csv_text)");
        }
    }

    @Nested
    class FilteringRecords {
        @Test
        void theOriginalsFilterCriteria() {
            JsonNode older = builtins.call("csv_filter_records",
                    "{\"records\": %s, \"filters\": {\"age\": \">40\"}}".formatted(RECORDS));
            JsonNode active = builtins.call("csv_filter",
                    "{\"records\": %s, \"filters\": {\"status\": \"active\"}}".formatted(RECORDS));
            JsonNode notAda = builtins.call("csv_filter_records",
                    "{\"records\": %s, \"filters\": {\"name\": \"!=Ada\"}}".formatted(RECORDS));

            assertThat(older).extracting(r -> r.get("name").asText()).containsExactly("Alan", "Grace");
            // "active" matches as a case-insensitive substring, as in the original
            assertThat(active).extracting(r -> r.get("name").asText()).containsExactly("Ada", "Alan", "Grace");
            assertThat(notAda).extracting(r -> r.get("name").asText()).containsExactly("Alan", "Grace", "Linus");
        }

        @Test
        void oneConditionWithFieldOperatorAndValue() {
            JsonNode exact = builtins.call("csv_filter_records",
                    "{\"records\": %s, \"field\": \"status\", \"value\": \"active\"}".formatted(RECORDS));
            JsonNode young = builtins.call("csv_filter_records",
                    "{\"records\": %s, \"field\": \"age\", \"operator\": \"<=\", \"value\": 41}".formatted(RECORDS));

            assertThat(exact).extracting(r -> r.get("name").asText()).containsExactly("Ada");
            assertThat(young).extracting(r -> r.get("name").asText()).containsExactly("Ada", "Alan");
        }

        @Test
        void aConditionIsRequiredAndOperatorsAreChecked() {
            assertThat(builtins.failure("csv_filter_records", "{\"records\": []}"))
                    .hasMessage("give filters or field (with value and operator)");
            assertThat(builtins.failure("csv_filter_records",
                    "{\"records\": [], \"field\": \"a\", \"operator\": \"~\", \"value\": 1}"))
                    .hasMessageStartingWith("unknown operator '~'");
        }
    }
}
