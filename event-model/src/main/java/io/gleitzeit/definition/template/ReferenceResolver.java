package io.gleitzeit.definition.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.definition.JsonKind;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
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
    private final ItemReference.Binding item;

    /**
     * @param resultOf the result of a task by name, or {@code null} when that task has no result
     */
    public ReferenceResolver(Function<String, JsonNode> resultOf) {
        this(resultOf, null);
    }

    private ReferenceResolver(Function<String, JsonNode> resultOf, ItemReference.Binding item) {
        this.resultOf = Objects.requireNonNull(resultOf, "resultOf");
        this.item = item;
    }

    /**
     * A resolver that also resolves {@code {{<variable>}}} and {@code {{<variable>.path}}} to {@code value}: one
     * unit of a batch task, whose element is {@code value}. Task references are tried first, so
     * {@code {{item.result}}} stays a reference to a task named {@code item}.
     */
    public ReferenceResolver withItem(String variable, JsonNode value) {
        return new ReferenceResolver(resultOf, new ItemReference.Binding(variable, value));
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
        return walk(value, "result", ref.path(), message -> new ReferenceException(ref, message));
    }

    /** The element an item reference stands for. */
    JsonNode valueOf(ItemReference ref) {
        return walk(item.value(), ref.variable(), ref.path(), message -> new ReferenceException(ref, message));
    }

    private static JsonNode walk(JsonNode value, String root, List<String> path,
                                 Function<String, ReferenceException> failure) {
        StringBuilder walked = new StringBuilder(root);
        for (String step : path) {
            JsonNode next;
            if (value.isArray()) {
                if (!step.matches("\\d+")) {
                    throw failure.apply(walked + " is an array; '" + step + "' is not an index");
                }
                // More than nine digits cannot be an index of a JSON array in memory, and would overflow an int.
                if (step.length() > 9 || Integer.parseInt(step) >= value.size()) {
                    throw failure.apply(
                            walked + " has " + value.size() + " elements; index " + step + " is out of range");
                }
                next = value.get(Integer.parseInt(step));
            } else if (value.isObject()) {
                next = value.get(step);
                if (next == null) {
                    throw failure.apply(walked + " has no field '" + step + "'");
                }
            } else {
                throw failure.apply(walked + " is " + JsonKind.of(value) + ", so it has no '" + step + "'");
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
        if (item != null) {
            return resolveWithItem(text, original);
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

    /** Like the plain case, but every "{{" may also open an item reference. One pass, so no value is scanned twice. */
    private JsonNode resolveWithItem(String text, JsonNode original) {
        String stripped = text.strip();
        Token exact = tokenAt(stripped, 0);
        if (exact != null && exact.end() == stripped.length()) {
            return exact.value();
        }
        StringBuilder sb = null;
        int copied = 0;
        for (int start = text.indexOf("{{"); start >= 0; ) {
            Token t = tokenAt(text, start);
            if (t == null) {
                start = text.indexOf("{{", start + 1);
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 32);
            }
            sb.append(text, copied, start).append(t.value().isTextual() ? t.value().asText() : t.value().toString());
            copied = t.end();
            start = text.indexOf("{{", copied);
        }
        return sb == null ? original : TextNode.valueOf(sb.append(text, copied, text.length()).toString());
    }

    private record Token(int end, JsonNode value) {
    }

    private Token tokenAt(String text, int start) {
        ReferenceSyntax.Match m = ReferenceSyntax.at(text, start);
        if (m != null) {
            return new Token(m.end(), valueOf(m.reference()));
        }
        ItemSyntax.Found f = ItemSyntax.at(text, start, item.variable());
        return f == null ? null : new Token(f.end(), valueOf(f.reference()));
    }
}
