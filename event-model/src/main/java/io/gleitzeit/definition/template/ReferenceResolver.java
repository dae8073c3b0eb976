package io.gleitzeit.definition.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.definition.JsonKind;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves references in task parameters against the results of completed tasks.
 *
 * <p>Rules (PROTOCOL.md): a reference may stand in any string at any depth; a string that is exactly one reference
 * becomes the referenced value with its JSON type; a reference inside longer text is replaced by the value's text
 * (strings as they are, other values as compact JSON). A missing result or path raises {@link ReferenceException}.
 * The input is never modified; parts without references are shared, not copied.
 */
public final class ReferenceResolver {
    private final Function<String, JsonNode> resultOf;

    /**
     * @param resultOf the result of a task by name, or {@code null} when that task has no result
     */
    public ReferenceResolver(Function<String, JsonNode> resultOf) {
        this.resultOf = Objects.requireNonNull(resultOf, "resultOf");
    }

    /** A resolver over a map of results by task name. */
    public static ReferenceResolver over(Map<String, JsonNode> resultsByName) {
        return new ReferenceResolver(resultsByName::get);
    }

    /** The parameters with every reference resolved. */
    public ObjectNode resolve(ObjectNode parameters) {
        return (ObjectNode) resolveNode(parameters);
    }

    /** Any JSON value with every reference resolved. */
    public JsonNode resolveNode(JsonNode node) {
        if (node.isTextual()) {
            return resolveText(node.asText(), node);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode resolved = resolveNode(e.getValue());
                if (resolved != e.getValue()) {
                    if (copy == null) {
                        // Shallow: members without references stay the very same nodes.
                        copy = ((ObjectNode) node).objectNode().setAll((ObjectNode) node);
                    }
                    copy.set(e.getKey(), resolved);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode resolved = resolveNode(node.get(i));
                if (resolved != node.get(i)) {
                    if (copy == null) {
                        copy = ((ArrayNode) node).arrayNode(node.size()).addAll((ArrayNode) node);
                    }
                    copy.set(i, resolved);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    /** The value one reference stands for. */
    public JsonNode valueOf(TaskReference ref) {
        JsonNode value = resultOf.apply(ref.taskName());
        if (value == null) {
            throw new ReferenceException(ref, "task '" + ref.taskName() + "' has no result");
        }
        StringBuilder walked = new StringBuilder("result");
        for (String step : ref.path()) {
            JsonNode next;
            if (value.isArray()) {
                if (!step.matches("\\d+")) {
                    throw new ReferenceException(ref, walked + " is an array; '" + step + "' is not an index");
                }
                // More than nine digits cannot be an index of a JSON array in memory, and would overflow an int.
                if (step.length() > 9 || Integer.parseInt(step) >= value.size()) {
                    throw new ReferenceException(ref,
                            walked + " has " + value.size() + " elements; index " + step + " is out of range");
                }
                next = value.get(Integer.parseInt(step));
            } else if (value.isObject()) {
                next = value.get(step);
                if (next == null) {
                    throw new ReferenceException(ref, walked + " has no field '" + step + "'");
                }
            } else {
                throw new ReferenceException(ref,
                        walked + " is " + JsonKind.of(value) + ", so it has no '" + step + "'");
            }
            walked.append('.').append(step);
            value = next;
        }
        return value;
    }

    private JsonNode resolveText(String text, JsonNode original) {
        if (!ReferenceSyntax.mayContainReference(text)) {
            return original;
        }
        TaskReference exact = ReferenceSyntax.exactReference(text);
        if (exact != null) {
            return valueOf(exact);
        }
        if (ReferenceSyntax.findIn(text).isEmpty()) {
            return original;
        }
        return TextNode.valueOf(ReferenceSyntax.replaceAll(text, ref -> {
            JsonNode v = valueOf(ref);
            return v.isTextual() ? v.asText() : v.toString();
        }));
    }
}
