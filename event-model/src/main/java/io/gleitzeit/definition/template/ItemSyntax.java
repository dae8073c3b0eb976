package io.gleitzeit.definition.template;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds {@code {{item}}} references of a batch task: {@code {{<var>}}} or {@code {{<var>.step.step}}}, whitespace
 * allowed just inside the braces, path steps without dots, braces or whitespace. A text that is also a
 * {@code {{Task.result}}} reference is that, never an item reference ({@link ReferenceResolver} tries it first).
 */
public final class ItemSyntax {
    /** What an item variable may be called: an identifier, so it cannot be mistaken for a task reference's path. */
    public static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ItemSyntax() {
    }

    /** The item reference when {@code text} is exactly one (then it keeps its JSON type), else {@code null}. */
    public static ItemReference exactReference(String text, String variable) {
        String stripped = text.strip();
        Found f = at(stripped, 0, variable);
        return f != null && f.end() == stripped.length() ? f.reference() : null;
    }

    /** Whether {@code text} holds at least one item reference. */
    public static boolean occursIn(String text, String variable) {
        for (int start = text.indexOf("{{"); start >= 0; start = text.indexOf("{{", start + 1)) {
            if (at(text, start, variable) != null) {
                return true;
            }
        }
        return false;
    }

    /** A reference found in a text, ending before {@code end}. */
    record Found(int end, ItemReference reference) {
    }

    /** The item reference starting exactly at {@code start}, if there is one. */
    static Found at(String text, int start, String variable) {
        if (!text.startsWith("{{", start)) {
            return null;
        }
        int close = text.indexOf("}}", start + 2);
        if (close < 0) {
            return null;
        }
        String body = text.substring(start + 2, close).strip();
        if (body.indexOf('{') >= 0 || body.indexOf('}') >= 0 || !body.startsWith(variable)) {
            return null;
        }
        String rest = body.substring(variable.length());
        List<String> path;
        if (rest.isEmpty()) {
            path = List.of();
        } else if (rest.charAt(0) == '.' && rest.length() > 1 && !rest.endsWith(".") && !rest.contains("..")
                && rest.chars().noneMatch(Character::isWhitespace)) {
            path = Arrays.asList(rest.substring(1).split("\\."));
        } else {
            return null;
        }
        return new Found(close + 2, new ItemReference(variable, path, text.substring(start, close + 2)));
    }
}
