package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.template.ItemSyntax;
import io.gleitzeit.definition.template.ReferenceSyntax;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the fields of one JSON object of a document, reporting every wrong value to {@link Problems} with its path
 * and returning {@code null} for it, so reading goes on and all problems are found in one pass. An absent field and
 * a JSON {@code null} both mean "not given".
 */
final class FieldReader {

    /** Whether a string that is exactly one {@code {{Task.result}}} may stand for a value of another JSON type. */
    enum References {
        /** The value is checked now (workflow fields, common task fields: they are not resolved at dispatch). */
        CHECKED_NOW,
        /** Type-specific task fields: an exact reference keeps its result's type, so it is checked at dispatch. */
        RESOLVED_AT_DISPATCH
    }

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private final ObjectNode object;
    private final String path;
    private final Problems problems;
    private final References references;
    /** The item variable of a batch task, whose {@code {{item}}} references are resolved at dispatch; or null. */
    private final String itemVariable;

    FieldReader(ObjectNode object, String path, Problems problems, References references) {
        this(object, path, problems, references, null);
    }

    private FieldReader(ObjectNode object, String path, Problems problems, References references,
                        String itemVariable) {
        this.object = object;
        this.path = path;
        this.problems = problems;
        this.references = references;
        this.itemVariable = itemVariable;
    }

    /** A reader of the same object with another reference policy. */
    FieldReader with(References policy) {
        return new FieldReader(object, path, problems, policy, itemVariable);
    }

    /**
     * A reader that also treats {@code {{<variable>}}} item references as resolved at dispatch: the fields of a
     * batch task, where each unit gets its own element.
     */
    FieldReader withItemVariable(String variable) {
        return new FieldReader(object, path, problems, references, variable);
    }

    /** A reader of a nested object held in {@code field}. */
    FieldReader child(String field, ObjectNode child) {
        return new FieldReader(child, pathOf(field), problems, references, itemVariable);
    }

    /** Whether {@code text} is exactly one reference this reader resolves at dispatch (task or item). */
    boolean isExactReference(String text) {
        return ReferenceSyntax.exactReference(text) != null
                || itemVariable != null && ItemSyntax.exactReference(text, itemVariable) != null;
    }

    /** Whether {@code text} holds any reference this reader resolves at dispatch (task or item). */
    boolean holdsReference(String text) {
        return !ReferenceSyntax.findIn(text).isEmpty()
                || itemVariable != null && ItemSyntax.occursIn(text, itemVariable);
    }

    String pathOf(String field) {
        return ReferenceSyntax.childPath(path, field);
    }

    void report(String field, String message) {
        problems.add(pathOf(field), message);
    }

    /** Reports a problem with one element of the array in {@code field}. */
    void report(String field, int position, String message) {
        problems.add(pathOf(field) + "[" + position + "]", message);
    }

    /** The value, or {@code null} when the field is absent or JSON null. */
    JsonNode value(String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() ? null : v;
    }

    boolean isGiven(String field) {
        return value(field) != null;
    }

    /** A non-blank string that must be given; {@code missing} is the message when it is not. */
    String requiredText(String field, String missing) {
        if (!isGiven(field)) {
            report(field, missing);
            return null;
        }
        return optionalText(field);
    }

    /** Like {@link #requiredText(String, String)}, at most {@code maxLength} characters (code points) long. */
    String requiredText(String field, String missing, int maxLength) {
        String text = requiredText(field, missing);
        if (text != null && text.codePointCount(0, text.length()) > maxLength) {
            report(field, "is " + text.codePointCount(0, text.length()) + " characters long; the limit is "
                    + maxLength);
        }
        return text;
    }

    /** A non-blank string, or {@code null} when not given. */
    String optionalText(String field) {
        String text = optionalString(field);
        if (text != null && text.isBlank()) {
            report(field, "must not be blank");
            return null;
        }
        return text;
    }

    /** Any string, blank included, or {@code null} when not given. */
    String optionalString(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            wrongType(field, "a string", v);
            return null;
        }
        return v.asText();
    }

    /** A whole number within {@code min..max}; {@code 3.0} counts as whole. */
    Long integer(String field, long min, long max) {
        JsonNode v = value(field);
        if (v == null || isDeferred(v)) {
            return null;
        }
        String expected = integerRange(min, max);
        if (!v.isNumber() || !v.canConvertToExactIntegral()) {
            wrongType(field, expected, v);
            return null;
        }
        BigInteger n = v.bigIntegerValue();
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            wrongType(field, expected, v);
            return null;
        }
        return n.longValue();
    }

    /** A number within {@code min..max}, both inclusive. */
    Double number(String field, double min, double max) {
        JsonNode v = value(field);
        if (v == null || isDeferred(v)) {
            return null;
        }
        String expected = "a number within " + plain(min) + ".." + plain(max);
        if (!v.isNumber() || !(v.doubleValue() >= min && v.doubleValue() <= max)) {
            wrongType(field, expected, v);
            return null;
        }
        return v.doubleValue();
    }

    /** A positive number of seconds, at most {@code max}, as a duration (nanosecond precision). */
    Duration seconds(String field, Duration max) {
        JsonNode v = value(field);
        if (v == null || isDeferred(v)) {
            return null;
        }
        String expected = "a positive number of seconds, at most " + max.toSeconds() + " (" + max.toDays() + " days)";
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            wrongType(field, expected, v);
            return null;
        }
        BigDecimal nanos = v.decimalValue().multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP);
        if (nanos.signum() <= 0 || nanos.compareTo(BigDecimal.valueOf(max.toNanos())) > 0) {
            wrongType(field, expected, v);
            return null;
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    ObjectNode object(String field) {
        JsonNode v = value(field);
        if (v == null || isDeferred(v)) {
            return null;
        }
        if (!v.isObject()) {
            wrongType(field, "an object", v);
            return null;
        }
        return (ObjectNode) v;
    }

    ArrayNode array(String field) {
        JsonNode v = value(field);
        if (v == null || isDeferred(v)) {
            return null;
        }
        if (!v.isArray()) {
            wrongType(field, "an array", v);
            return null;
        }
        return (ArrayNode) v;
    }

    /** Checks a field whose accepted JSON types {@code accepted} describes as {@code expected}. */
    void requireKind(String field, Predicate<JsonNode> accepted, String expected) {
        JsonNode v = value(field);
        if (v != null && !isDeferred(v) && !accepted.test(v)) {
            wrongType(field, expected, v);
        }
    }

    /** One of a closed set of names; {@code parse} gives {@code null} for an unknown one. */
    <E> E choice(String field, Function<String, E> parse, List<String> names) {
        JsonNode v = value(field);
        if (v == null || isDeferred(v)) {
            return null;
        }
        E parsed = v.isTextual() ? parse.apply(v.asText()) : null;
        if (parsed == null) {
            wrongType(field, "one of " + String.join(", ", names), v);
        }
        return parsed;
    }

    private boolean isDeferred(JsonNode v) {
        return references == References.RESOLVED_AT_DISPATCH
                && v.isTextual()
                && isExactReference(v.asText());
    }

    private void wrongType(String field, String expected, JsonNode actual) {
        report(field, "must be " + expected + ", was " + JsonKind.describe(actual));
    }

    private static String integerRange(long min, long max) {
        if (max == Integer.MAX_VALUE && min == 1) {
            return "a positive integer";
        }
        if (max == Integer.MAX_VALUE && min == 0) {
            return "an integer of at least 0";
        }
        return "an integer within " + min + ".." + max;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
