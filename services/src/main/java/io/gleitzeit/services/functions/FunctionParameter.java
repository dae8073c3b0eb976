package io.gleitzeit.services.functions;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One argument of a registered function, as callers see it.
 *
 * @param name         the wire name ({@code kwargs} key)
 * @param aliases      other accepted {@code kwargs} keys
 * @param type         the Java type the JSON value is bound to
 * @param defaultValue the value when omitted, or {@code null} when the argument is required
 */
public record FunctionParameter(String name, List<String> aliases, JavaType type, JsonNode defaultValue) {
    public FunctionParameter {
        aliases = List.copyOf(aliases);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** Whether a {@code kwargs} key names this argument. */
    boolean answersTo(String key) {
        return name.equals(key) || aliases.contains(key);
    }

    /** The JSON type a caller should send, in words, for error messages and listings. */
    public String expected() {
        Class<?> raw = type.getRawClass();
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class
                || raw == short.class || raw == Short.class || raw == java.math.BigInteger.class) {
            return "an integer";
        }
        if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class
                || raw == java.math.BigDecimal.class || raw == Number.class) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "a boolean";
        }
        if (raw == String.class) {
            return "a string";
        }
        if (type.isCollectionLikeType() || type.isArrayType()
                || ArrayNode.class.isAssignableFrom(raw)) {
            return "an array";
        }
        if (type.isMapLikeType() || ObjectNode.class.isAssignableFrom(raw)) {
            return "an object";
        }
        if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
            return "any JSON value";
        }
        return "a " + raw.getSimpleName() + " object";
    }
}
