package io.gleitzeit.services.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonFunctionsTest {
    private final Builtins builtins = new Builtins();

    private static final String USER = """
            {"data": {"user": {"name": "Ada", "age": 36, "tags": ["math", "engines"],
                               "address": {"city": "London"}}}}""";

    @Nested
    class ValidateJson {
        @Test
        void validJsonIsReturnedWithItsPythonType() {
            JsonNode result = builtins.call("validate_json", "{\"json_string\": \"{\\\"a\\\": [1, 2.5]}\"}");

            assertThat(result).isEqualTo(builtins.json(
                    "{\"valid\": true, \"data\": {\"a\": [1, 2.5]}, \"type\": \"dict\", \"size\": 15}"));
        }

        @Test
        void scalarsHaveTheirTypes() {
            assertThat(builtins.call("validate_json", "{\"json_string\": \"[1]\"}").get("type").asText())
                    .isEqualTo("list");
            assertThat(builtins.call("validate_json", "{\"json_string\": \"\\\"x\\\"\"}").get("type").asText())
                    .isEqualTo("str");
            assertThat(builtins.call("validate_json", "{\"json_string\": \"null\"}").get("type").asText())
                    .isEqualTo("NoneType");
        }

        @Test
        void invalidJsonReportsWhereItBroke() {
            JsonNode result = builtins.call("validate_json", "{\"json_string\": \"{\\n  \\\"a\\\": ]\\n}\"}");

            assertThat(result.get("valid").asBoolean()).isFalse();
            assertThat(result.get("error").asText()).isNotBlank();
            assertThat(result.get("line").asInt()).isEqualTo(2);
            assertThat(result.get("column").asInt()).isEqualTo(8);
        }

        @Test
        void trailingGarbageIsInvalid() {
            assertThat(builtins.call("validate_json", "{\"json_string\": \"{} {}\"}").get("valid").asBoolean())
                    .isFalse();
        }

        @Test
        void emptyTextIsInvalid() {
            assertThat(builtins.call("validate_json", "{\"json_string\": \"  \"}").get("valid").asBoolean())
                    .isFalse();
        }
    }

    @Nested
    class ExtractingFields {
        @Test
        void extractsSeveralPathsIncludingListIndexes() {
            JsonNode result = builtins.call("json_extract_fields", """
                    {"data": %s, "field_paths": ["data.user.name", "data.user.tags.1", "data.user.missing"]}"""
                    .formatted(USER));

            assertThat(result).isEqualTo(builtins.json(
                    "{\"data.user.name\": \"Ada\", \"data.user.tags.1\": \"engines\", \"data.user.missing\": null}"));
        }

        @Test
        void fieldsIsAcceptedForFieldPaths() {
            assertThat(builtins.call("json_extract", "{\"data\": %s, \"fields\": [\"data.user.age\"]}".formatted(USER))
                    .get("data.user.age").asInt()).isEqualTo(36);
        }

        @Test
        void getNestedFieldReturnsOneValueOrTheDefault() {
            assertThat(builtins.call("get_nested_field",
                    "{\"data\": %s, \"path\": \"data.user.address\"}".formatted(USER)))
                    .isEqualTo(builtins.json("{\"city\": \"London\"}"));
            assertThat(builtins.call("get_nested_field",
                    "{\"data\": %s, \"path\": \"data.user.tags.9\", \"default\": \"none\"}".formatted(USER)).asText())
                    .isEqualTo("none");
            assertThat(builtins.call("get_nested_field", "{\"data\": [1], \"path\": \"x\"}").isNull()).isTrue();
        }

        @Test
        void thePathIsRequired() {
            assertThat(builtins.failure("get_nested_field", "{\"data\": {}}"))
                    .hasMessage("get_nested_field: missing required argument 'path'");
        }
    }

    @Nested
    class TransformingKeys {
        private static final String DATA = "{\"userName\": 1, \"Address\": {\"zipCode\": 2, \"list\": [{\"HTTPServer\": 3}]}}";

        @Test
        void lowercaseIsTheDefault() {
            assertThat(builtins.call("json_transform_keys", "{\"data\": %s}".formatted(DATA))).isEqualTo(builtins.json(
                    "{\"username\": 1, \"address\": {\"zipcode\": 2, \"list\": [{\"httpserver\": 3}]}}"));
        }

        @Test
        void snakeCaseAtEveryDepth() {
            assertThat(builtins.call("json_transform_keys",
                    "{\"data\": %s, \"transformation\": \"snake_case\"}".formatted(DATA))).isEqualTo(builtins.json(
                    "{\"user_name\": 1, \"address\": {\"zip_code\": 2, \"list\": [{\"http_server\": 3}]}}"));
        }

        @Test
        void camelAndUpperWithTheShortNames() {
            assertThat(builtins.call("json_transform_keys",
                    "{\"data\": {\"user_name\": {\"first-name\": 1}}, \"transform\": \"camel\"}"))
                    .isEqualTo(builtins.json("{\"userName\": {\"firstName\": 1}}"));
            assertThat(builtins.call("json_transform_keys", "{\"data\": {\"a_b\": 1}, \"transform\": \"upper\"}"))
                    .isEqualTo(builtins.json("{\"A_B\": 1}"));
        }

        @Test
        void anUnknownTransformationIsRefused() {
            assertThat(builtins.failure("json_transform_keys", "{\"data\": {}, \"transform\": \"kebab\"}"))
                    .hasMessageStartingWith("unknown transformation 'kebab'");
        }
    }
}
