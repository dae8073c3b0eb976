package io.gleitzeit.services.functions.builtin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Parsing, querying and reshaping JSON. Paths are dotted: {@code user.addresses.0.city}. */
public final class JsonFunctions {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    @GleitzeitTask(name = "validate_json", category = "json",
            description = "Parses JSON text: {valid: true, data, type, size} or {valid: false, error, line, column}")
    public static Map<String, Object> validateJson(String jsonString) {
        if (jsonString == null) {
            throw new IllegalArgumentException("json_string is required");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            JsonNode data = STRICT.readTree(jsonString);
            if (data == null || data.isMissingNode()) {
                throw new IllegalArgumentException("json_string is empty");
            }
            result.put("valid", true);
            result.put("data", data);
            result.put("type", JsonValues.pythonType(data));
            result.put("size", TextFunctions.length(jsonString));
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            result.put("valid", false);
            result.put("error", e.getOriginalMessage());
            result.put("line", where == null ? null : where.getLineNr());
            result.put("column", where == null ? null : where.getColumnNr());
        } catch (IllegalArgumentException e) {
            result.put("valid", false);
            result.put("error", e.getMessage());
            result.put("line", 1);
            result.put("column", 1);
        }
        return result;
    }

    @GleitzeitTask(name = "json_extract_fields", aliases = "json_extract", category = "json",
            description = "The values at several dotted paths, keyed by path (null where a path does not exist)")
    public static Map<String, JsonNode> jsonExtractFields(
            JsonNode data, @Param(value = "field_paths", aliases = "fields") List<String> fieldPaths) {
        if (fieldPaths == null) {
            throw new IllegalArgumentException("field_paths is required");
        }
        Map<String, JsonNode> result = new LinkedHashMap<>();
        for (String path : fieldPaths) {
            JsonNode value = JsonValues.at(data, path);
            result.put(path, value.isMissingNode() ? NullNode.getInstance() : value);
        }
        return result;
    }

    @GleitzeitTask(name = "get_nested_field", category = "json",
            description = "The value at one dotted path, or default (null) when it does not exist")
    public static JsonNode getNestedField(
            JsonNode data, String path, @Param(value = "default", defaultValue = "null") JsonNode defaultValue) {
        if (path == null) {
            throw new IllegalArgumentException("path is required");
        }
        JsonNode value = JsonValues.at(data, path);
        return value.isMissingNode() ? defaultValue : value;
    }

    @GleitzeitTask(name = "json_transform_keys", category = "json",
            description = "Renames every object key, at any depth: lowercase, uppercase, snake_case or camel_case")
    public static JsonNode jsonTransformKeys(
            JsonNode data,
            @Param(value = "transformation", aliases = "transform", defaultValue = "\"lowercase\"")
            String transformation) {
        return transform(data, keyTransform(transformation));
    }

    private static UnaryOperator<String> keyTransform(String transformation) {
        String t = transformation == null ? "" : transformation.toLowerCase(Locale.ROOT);
        switch (t) {
            case "lowercase", "lower":
                return k -> k.toLowerCase(Locale.ROOT);
            case "uppercase", "upper":
                return k -> k.toUpperCase(Locale.ROOT);
            case "snake_case", "snake":
                return JsonFunctions::snakeCase;
            case "camel_case", "camelcase", "camel":
                return JsonFunctions::camelCase;
            default:
                throw new IllegalArgumentException("unknown transformation '" + transformation
                        + "'; use lowercase, uppercase, snake_case or camel_case");
        }
    }

    private static JsonNode transform(JsonNode node, UnaryOperator<String> keys) {
        if (node == null) {
            return NullNode.getInstance();
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(keys.apply(e.getKey()), transform(e.getValue(), keys)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(transform(item, keys)));
            return out;
        }
        return node;
    }

    /** The original's conversion: {@code userName} and {@code HTTPServer} become {@code user_name}, {@code http_server}. */
    static String snakeCase(String key) {
        String s1 = key.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s1.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** {@code user_name}, {@code user-name} and {@code UserName} become {@code userName}. */
    static String camelCase(String key) {
        String[] parts = key.split("[_\\-\\s]+");
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (out.length() == 0) {
                out.append(Character.toLowerCase(part.charAt(0))).append(part.substring(1));
            } else {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.length() == 0 ? key : out.toString();
    }
}
