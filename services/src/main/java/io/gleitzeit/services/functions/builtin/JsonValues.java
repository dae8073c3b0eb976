package io.gleitzeit.services.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;

/** How the Python original sees JSON values: type names, {@code str()} of scalars, dotted paths. */
final class JsonValues {
    private JsonValues() {
    }

    /** Python's {@code type(value).__name__} for a parsed JSON value. */
    static String pythonType(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "NoneType";
        }
        if (value.isObject()) {
            return "dict";
        }
        if (value.isArray()) {
            return "list";
        }
        if (value.isTextual()) {
            return "str";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        if (value.isIntegralNumber()) {
            return "int";
        }
        if (value.isNumber()) {
            return "float";
        }
        return value.getNodeType().name().toLowerCase();
    }

    /**
     * Python's {@code str(value)} for scalars ({@code True}, {@code None}, {@code 1.0}); containers as JSON text.
     */
    static String pythonStr(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e16) {
                return new BigDecimal(d).toPlainString() + ".0";
            }
            return Double.toString(d).replace("E", "e");
        }
        return value.toString();
    }

    /** The value at a dotted path ({@code user.addresses.0.city}); missing when any step does not exist. */
    static JsonNode at(JsonNode data, String path) {
        JsonNode current = data;
        for (String key : path.split("\\.", -1)) {
            if (current == null) {
                return MissingNode.getInstance();
            }
            if (current.isObject()) {
                current = current.get(key);
            } else if (current.isArray() && !key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
                current = key.length() > 9 ? null : current.get(Integer.parseInt(key));
            } else {
                return MissingNode.getInstance();
            }
        }
        return current == null ? MissingNode.getInstance() : current;
    }

    /** Python's {@code float(str(value))} on a JSON value: numbers, and numeric text; empty otherwise. */
    static Double number(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isBoolean()) {
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
                double d = Double.parseDouble(text);
                return Double.isFinite(d) ? d : null;
            }
        }
        return null;
    }
}
