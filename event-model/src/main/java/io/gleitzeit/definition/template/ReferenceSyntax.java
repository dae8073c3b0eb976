package io.gleitzeit.definition.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Finds {@code {{Task Name.result…}}} references. The task name is everything before the first {@code .result}
 * that is followed by the end of the reference or a dot, so names may contain spaces and dots but not the text
 * {@code .result} itself; the validator rejects such names.
 *
 * <p>The grammar is that of the regular expression {@code \{\{\s*([^{}]+?)\.result((?:\.[^.{}\s]+)*)\s*}}}
 * (whitespace as {@link Character#isWhitespace}): no braces inside a reference, path steps without dots or
 * whitespace, whitespace allowed just inside the braces. It is scanned by hand in linear time, because
 * {@code java.util.regex} recurses once per repeated path step and overflowed the stack on a string of a thousand
 * steps, which a document far below the size limit can hold.
 */
public final class ReferenceSyntax {
    private static final String OPEN = "{{";
    private static final String RESULT = ".result";

    private ReferenceSyntax() {
    }

    /** Whether {@code text} might hold a reference (a cheap test before scanning). */
    public static boolean mayContainReference(String text) {
        return text.contains(OPEN);
    }

    /** Every reference in a string, in order. */
    public static List<TaskReference> findIn(String text) {
        if (!mayContainReference(text)) {
            return List.of();
        }
        List<TaskReference> out = new ArrayList<>();
        for (Match m = next(text, 0); m != null; m = next(text, m.end())) {
            out.add(m.reference());
        }
        return out;
    }

    /** The reference when {@code text} is exactly one reference (then it keeps its JSON type), else {@code null}. */
    public static TaskReference exactReference(String text) {
        if (!mayContainReference(text)) {
            return null;
        }
        String stripped = text.strip();
        Match m = at(stripped, 0);
        return m != null && m.end() == stripped.length() ? m.reference() : null;
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
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                visit(e.getValue(), childPath(basePath, e.getKey()), visitor);
            }
        }
    }

    /**
     * The JSON path of an object member: {@code .name} for plain names, {@code ['odd name']} otherwise, with
     * {@code \} and {@code '} escaped by a backslash so the path reads back unambiguously.
     */
    public static String childPath(String basePath, String field) {
        return isPlainName(field)
                ? basePath + "." + field
                : basePath + "['" + field.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** Replaces every reference in {@code text} with what {@code replacement} gives for it. */
    static String replaceAll(String text, Function<TaskReference, String> replacement) {
        StringBuilder sb = new StringBuilder(text.length() + 32);
        int copied = 0;
        for (Match m = next(text, 0); m != null; m = next(text, m.end())) {
            sb.append(text, copied, m.start()).append(replacement.apply(m.reference()));
            copied = m.end();
        }
        return sb.append(text, copied, text.length()).toString();
    }

    /** A reference found in a text, {@code [start, end)}. */
    record Match(int start, int end, TaskReference reference) {
    }

    /** The first reference starting at or after {@code from}. */
    private static Match next(String text, int from) {
        for (int start = text.indexOf(OPEN, from); start >= 0; start = text.indexOf(OPEN, start + 1)) {
            Match m = at(text, start);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** The reference starting exactly at {@code start}, if there is one. */
    static Match at(String text, int start) {
        if (!text.startsWith(OPEN, start)) {
            return null;
        }
        // A reference holds no brace, so its body runs to the next brace, which must open the closing "}}".
        int bodyStart = start + OPEN.length();
        int bodyEnd = bodyStart;
        while (bodyEnd < text.length() && text.charAt(bodyEnd) != '{' && text.charAt(bodyEnd) != '}') {
            bodyEnd++;
        }
        if (!text.startsWith("}}", bodyEnd)) {
            return null;
        }
        TaskReference ref = parseBody(text.substring(bodyStart, bodyEnd), text.substring(start, bodyEnd + 2));
        return ref == null ? null : new Match(start, bodyEnd + 2, ref);
    }

    /**
     * Splits a body {@code Task Name.result.a.0} into name and path: the name ends at the first {@code .result}
     * (with at least one character before it) after which only path steps and trailing whitespace follow.
     */
    private static TaskReference parseBody(String body, String written) {
        int pathEnd = body.length();
        while (pathEnd > 0 && Character.isWhitespace(body.charAt(pathEnd - 1))) {
            pathEnd--;
        }
        // Facts about the body, so that each candidate ".result" is checked in constant time.
        int lastWhitespace = -1;
        int lastDoubleDot = -1;
        for (int i = 0; i < pathEnd; i++) {
            if (Character.isWhitespace(body.charAt(i))) {
                lastWhitespace = i;
            }
            if (body.charAt(i) == '.' && i + 1 < pathEnd && body.charAt(i + 1) == '.') {
                lastDoubleDot = i;
            }
        }
        boolean endsWithDot = pathEnd > 0 && body.charAt(pathEnd - 1) == '.';
        int leading = 0;
        while (leading < pathEnd && Character.isWhitespace(body.charAt(leading))) {
            leading++;
        }
        // The name has at least one character after the leading whitespace; only when that fails may the name be
        // the whitespace alone (the order a backtracking "\s*(.+?)" tries).
        for (int k = body.indexOf(RESULT, leading + 1); k >= 0; k = body.indexOf(RESULT, k + 1)) {
            TaskReference ref = split(body, k, pathEnd, endsWithDot, Math.max(lastWhitespace, lastDoubleDot), written);
            if (ref != null) {
                return ref;
            }
        }
        return leading > 0 && body.startsWith(RESULT, leading)
                ? split(body, leading, pathEnd, endsWithDot, Math.max(lastWhitespace, lastDoubleDot), written)
                : null;
    }

    /**
     * The reference whose name ends at {@code k}, or {@code null} when what follows {@code .result} is no path:
     * a path is empty, or dot-separated non-empty steps with no whitespace ({@code noPathBefore} is the last
     * whitespace or double dot in the body).
     */
    private static TaskReference split(String body, int k, int pathEnd, boolean endsWithDot, int noPathBefore,
            String written) {
        int path = k + RESULT.length();
        if (path == pathEnd) {
            return new TaskReference(body.substring(0, k).strip(), List.of(), written);
        }
        if (path < pathEnd && body.charAt(path) == '.' && !endsWithDot && path > noPathBefore) {
            List<String> steps = Arrays.asList(body.substring(path + 1, pathEnd).split("\\."));
            return new TaskReference(body.substring(0, k).strip(), steps, written);
        }
        return null;
    }

    private static boolean isPlainName(String field) {
        if (field.isEmpty() || !isPlainStart(field.charAt(0))) {
            return false;
        }
        for (int i = 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (!isPlainStart(c) && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }
}
