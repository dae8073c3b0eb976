package io.gleitzeit.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to any request sent with an ack callback: {@code {"ok": true, …fields}} or
 * {@code {"ok": false, "error": {"code", "message", "details"}}}.
 *
 * @param ok     whether the request was carried out
 * @param fields the answer's other top-level fields ({@code service_id}, {@code workflow_id}, {@code workflow}, …)
 * @param error  why it was refused; {@code null} exactly when {@code ok}
 */
@WirePayload
public record AckReply(boolean ok, Map<String, JsonNode> fields, AckError error) {

    @JsonCreator
    public AckReply(
            @JsonProperty("ok") boolean ok,
            @JsonAnySetter Map<String, JsonNode> fields,
            @JsonProperty("error") AckError error) {
        if (ok && error != null) {
            throw new IllegalArgumentException("an ok answer carries no error");
        }
        this.ok = ok;
        this.fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.error = ok ? null : Objects.requireNonNullElse(error, new AckError(AckError.INTERNAL, "", List.of()));
    }

    /** {@code {"ok": true}}. */
    public static AckReply success() {
        return new AckReply(true, Map.of(), null);
    }

    /** {@code {"ok": true, "<field>": value}}, the value converted as plain JSON (strings, numbers, nodes). */
    public static AckReply success(String field, Object value) {
        return success().with(field, value);
    }

    /** {@code {"ok": false, "error": {code, message, details}}}. */
    public static AckReply failure(String code, String message, ErrorDetail... details) {
        return new AckReply(false, Map.of(), new AckError(code, message, Arrays.asList(details)));
    }

    /** {@code {"ok": false, "error": {code, message, details}}}. */
    public static AckReply failure(String code, String message, List<ErrorDetail> details) {
        return new AckReply(false, Map.of(), new AckError(code, message, details));
    }

    /** A copy with one more top-level field; strings, numbers, booleans and JSON nodes are accepted. */
    public AckReply with(String field, Object value) {
        Require.text(field, "field");
        if ("ok".equals(field) || "error".equals(field)) {
            throw new IllegalArgumentException(field + " is not an extra field");
        }
        var copy = new LinkedHashMap<>(fields);
        copy.put(field, toNode(value));
        return new AckReply(ok, copy, error);
    }

    /** An extra field, if present. */
    public Optional<JsonNode> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    @Override
    @JsonAnyGetter
    public Map<String, JsonNode> fields() {
        return fields;
    }

    private static JsonNode toNode(Object value) {
        var nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return nodes.textNode(s);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return nodes.numberNode(i);
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (value instanceof Double d) {
            return nodes.numberNode(d);
        }
        throw new IllegalArgumentException("unsupported field value type " + value.getClass().getName()
                + "; convert it to a JsonNode first");
    }
}
