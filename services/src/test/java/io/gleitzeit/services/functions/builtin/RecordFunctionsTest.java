package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordFunctionsTest {
    private final Builtins builtins = new Builtins();

    private static final String SALES = """
            [{"region": "north", "product": "tea", "amount": 10},
             {"region": "south", "product": "tea", "amount": "5.5"},
             {"region": "north", "product": "coffee", "amount": 7},
             {"region": "north", "product": "tea", "amount": 3},
             {"product": "coffee", "amount": null}]""";

    @Nested
    class GroupByField {
        @Test
        void groupsByTheFieldsTextAndPutsRecordsWithoutItUnderNull() {
            JsonNode groups = builtins.call("group_by_field", "{\"records\": %s, \"field\": \"region\"}".formatted(SALES));

            assertThat(groups.properties()).extracting(e -> e.getKey()).containsExactly("north", "south", "null");
            assertThat(groups.get("north")).hasSize(3);
        }

        @Test
        void numbersAndBooleansAreGroupedByTheirPythonText() {
            JsonNode groups = builtins.call("group_by",
                    "{\"records\": [{\"k\": 1}, {\"k\": 1.5}, {\"k\": true}, {\"k\": null}], \"field\": \"k\"}");

            assertThat(groups.properties()).extracting(e -> e.getKey()).containsExactly("1", "1.5", "True", "None");
        }
    }

    @Nested
    class AggregateByGroup {
        @Test
        void sumsAFieldPerGroupOfRecords() {
            JsonNode sums = builtins.call("aggregate_by_group",
                    "{\"records\": %s, \"group_field\": \"region\", \"value_field\": \"amount\"}".formatted(SALES));

            assertThat(sums).isEqualTo(builtins.json("{\"north\": 20.0, \"south\": 5.5, \"null\": null}"));
        }

        @Test
        void everyOperation() {
            String base = "{\"records\": %s, \"group_field\": \"product\", \"value_field\": \"amount\", \"operation\": \"%s\"}";

            assertThat(builtins.call("aggregate", base.formatted(SALES, "avg")).get("tea").asDouble()).isEqualTo(6.166666666666667);
            assertThat(builtins.call("aggregate", base.formatted(SALES, "min")).get("tea").asDouble()).isEqualTo(3.0);
            assertThat(builtins.call("aggregate", base.formatted(SALES, "max")).get("coffee").asDouble()).isEqualTo(7.0);
            assertThat(builtins.call("aggregate", base.formatted(SALES, "count")))
                    .isEqualTo(builtins.json("{\"tea\": 3, \"coffee\": 2}"));
        }

        @Test
        void theOriginalsGroupedDataFormIsAccepted() {
            JsonNode grouped = builtins.call("group_by_field", "{\"records\": %s, \"field\": \"region\"}".formatted(SALES));

            JsonNode sums = builtins.call("aggregate_by_group",
                    "{\"grouped_data\": %s, \"field\": \"amount\", \"operation\": \"sum\"}".formatted(grouped));

            assertThat(sums.get("north").asDouble()).isEqualTo(20.0);
        }

        @Test
        void nonNumericValuesAndUnknownOperationsAreRefused() {
            assertThat(builtins.failure("aggregate_by_group",
                    "{\"records\": [{\"g\": \"a\", \"v\": \"x\"}], \"group_field\": \"g\", \"value_field\": \"v\"}"))
                    .hasMessage("group 'a': v value \"x\" is not a number");
            assertThat(builtins.failure("aggregate_by_group",
                    "{\"records\": [], \"group_field\": \"g\", \"value_field\": \"v\", \"operation\": \"median\"}"))
                    .hasMessage("operation 'median' is unknown; use sum, avg, min, max or count");
        }
    }

    @Nested
    class PivotTable {
        @Test
        void crossTabulatesWithSortedRowsAndColumnsAndZeroForEmptyCells() {
            JsonNode pivot = builtins.call("pivot_table", """
                    {"records": %s, "index_field": "region", "column_field": "product", "value_field": "amount"}"""
                    .formatted(SALES));

            assertThat(pivot).isEqualTo(builtins.json("""
                    {"pivot_table": {"": {"coffee": 0, "tea": 0}, "north": {"coffee": 7.0, "tea": 13.0},
                                     "south": {"coffee": 0, "tea": 5.5}},
                     "index_field": "region", "column_field": "product", "value_field": "amount",
                     "aggregation": "sum", "index_values": ["", "north", "south"], "column_values": ["coffee", "tea"]}"""));
        }

        @Test
        void shortArgumentNamesAndCounting() {
            JsonNode pivot = builtins.call("pivot", """
                    {"records": %s, "index": "region", "columns": "product", "values": "amount", "aggfunc": "count"}"""
                    .formatted(SALES));

            assertThat(pivot.get("pivot_table").get("north")).isEqualTo(builtins.json("{\"coffee\": 1, \"tea\": 2}"));
        }

        @Test
        void missingFieldsAreNamed() {
            assertThat(builtins.failure("pivot_table", "{\"records\": [], \"index_field\": \"a\", \"column_field\": \"b\"}"))
                    .hasMessage("pivot_table: missing required argument 'value_field'");
        }
    }

    @Nested
    class ValidateDataTypes {
        @Test
        void checksEachFieldAsPythonWouldConvertIt() {
            JsonNode result = builtins.call("validate_data_types", """
                    {"records": [{"age": "36", "score": "9.5", "name": "Ada", "active": "true", "born": "1815-12-10"},
                                 {"age": "old", "score": "x", "active": "maybe", "born": "yesterday"},
                                 {"age": null}],
                     "schema": {"age": "int", "score": "float", "name": "str", "active": "bool", "born": "date"}}""");

            assertThat(result.get("total_records").asInt()).isEqualTo(3);
            assertThat(result.get("valid_records").asInt()).isEqualTo(2);
            assertThat(result.get("invalid_records").asInt()).isEqualTo(1);
            assertThat(result.get("error_count").asInt()).isEqualTo(4);
            assertThat(result.get("errors").get(0)).isEqualTo(builtins.json("""
                    {"record_index": 1, "field": "age", "value": "old", "expected_type": "int", "actual_type": "str"}"""));
            assertThat(result.get("success_rate").asDouble()).isEqualTo(2.0 / 3);
        }

        @Test
        void aSingleObjectIsOneRecordAndDataIsAcceptedForRecords() {
            JsonNode result = builtins.call("validate_types",
                    "{\"data\": {\"n\": 1.5, \"tags\": [1]}, \"schema\": {\"n\": \"int\", \"tags\": \"list\"}}");

            assertThat(result.get("total_records").asInt()).isEqualTo(1);
            assertThat(result.get("valid_records").asInt()).isEqualTo(1);
        }

        @Test
        void anUnknownSchemaTypeIsRefused() {
            assertThat(builtins.failure("validate_data_types",
                    "{\"records\": [], \"schema\": {\"age\": \"uint8\"}}"))
                    .hasMessage("schema.age: unknown type 'uint8'; use int, float, str, bool, date, list or dict");
        }
    }
}
