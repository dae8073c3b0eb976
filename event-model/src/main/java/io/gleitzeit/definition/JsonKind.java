package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;

/** Describes a JSON value for error messages: its kind, and for short scalars the value itself. */
public final class JsonKind {
    private static final int SHOWN_TEXT = 40;

    private JsonKind() {
    }

    /** "a string", "an object", … */
    public static String of(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "missing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind with the value when it is short enough to repeat: {@code a number (5)}, {@code a string ('x')}. */
    static String describe(JsonNode v) {
        if (v != null && v.isTextual()) {
            return "a string (" + quote(v.asText()) + ")";
        }
        if (v != null && (v.isNumber() || v.isBoolean())) {
            String text = v.asText();
            return of(v) + " (" + (text.length() <= SHOWN_TEXT ? text : text.substring(0, SHOWN_TEXT) + "…") + ")";
        }
        return of(v);
    }

    /** The text in single quotes, shortened when long. */
    static String quote(String text) {
        return text.length() <= SHOWN_TEXT
                ? "'" + text + "'"
                : "'" + text.substring(0, SHOWN_TEXT) + "…'";
    }
}
