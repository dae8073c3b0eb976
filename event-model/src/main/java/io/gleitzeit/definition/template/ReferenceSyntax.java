package io.gleitzeit.definition.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code {{Task Name.result…}}} references. The task name is everything before the first {@code .result}
 * that is followed by the end of the reference or a dot, so names may contain spaces and dots but not the text
 * {@code .result} itself; the validator rejects such names.
 */
public final class ReferenceSyntax {
    private static final Pattern REFERENCE =
            Pattern.compile("\\{\\{\\s*([^{}]+?)\\.result((?:\\.[^.{}\\s]+)*)\\s*}}");

    private ReferenceSyntax() {
    }

    /** Whether {@code text} might hold a reference (a cheap test before the regex). */
    public static boolean mayContainReference(String text) {
        return text.contains("{{");
    }

    /** Every reference in a string, in order. */
    public static List<TaskReference> findIn(String text) {
        if (!mayContainReference(text)) {
            return List.of();
        }
        List<TaskReference> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            out.add(toReference(m));
        }
        return out;
    }

    /** The reference when {@code text} is exactly one reference (then it keeps its JSON type), else {@code null}. */
    public static TaskReference exactReference(String text) {
        if (!mayContainReference(text)) {
            return null;
        }
        Matcher m = REFERENCE.matcher(text.strip());
        return m.matches() ? toReference(m) : null;
    }

    /**
     * Visits every reference in every string at any depth of a JSON value, with the JSON path of the string that
     * holds it (relative to {@code basePath}, e.g. {@code $.tasks[1].args[0]}).
     */
    public static void visit(JsonNode node, String basePath, BiConsumer<String, TaskReference> visitor) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            for (TaskReference ref : findIn(node.asText())) {
                visitor.accept(basePath, ref);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), basePath + "[" + i + "]", visitor);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> visit(e.getValue(), childPath(basePath, e.getKey()), visitor));
        }
    }

    /** The JSON path of an object member: {@code .name} for plain names, {@code ['odd name']} otherwise. */
    public static String childPath(String basePath, String field) {
        return field.matches("[A-Za-z_][A-Za-z0-9_]*")
                ? basePath + "." + field
                : basePath + "['" + field.replace("'", "\\'") + "']";
    }

    /** Replaces every reference in {@code text} with what {@code replacement} gives for it. */
    static String replaceAll(String text, java.util.function.Function<TaskReference, String> replacement) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder sb = new StringBuilder(text.length() + 32);
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(toReference(m))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static TaskReference toReference(Matcher m) {
        String rawPath = m.group(2);
        List<String> path = rawPath.isEmpty() ? List.of() : Arrays.asList(rawPath.substring(1).split("\\."));
        return new TaskReference(m.group(1).strip(), path, m.group());
    }
}
