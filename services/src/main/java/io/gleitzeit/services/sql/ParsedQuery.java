package io.gleitzeit.services.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A task's query with its parameter markers found: {@code :name} markers become JDBC {@code ?} (in order, a repeated
 * name once per place), {@code ?} markers stay. Literals ({@code '…'}, {@code E'…'}, dollar-quoted {@code $tag$…$tag$}),
 * quoted identifiers and comments are skipped, and so are {@code ::} casts. One statement per task: a {@code ;}
 * followed by more SQL is refused, so values cannot smuggle in a second statement and nothing runs unparameterized.
 *
 * @param jdbcSql    the statement for {@link java.sql.Connection#prepareStatement(String)}
 * @param names      the named markers in order of appearance (empty for positional queries)
 * @param positional the number of {@code ?} markers (0 for named queries)
 */
record ParsedQuery(String jdbcSql, List<String> names, int positional) {

    ParsedQuery {
        names = List.copyOf(names);
    }

    boolean isNamed() {
        return !names.isEmpty();
    }

    /** Parses the query; an {@link IllegalArgumentException} says what is wrong with it. */
    static ParsedQuery parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int positional = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean backslashEscapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                i = copyQuoted(sql, i, '\'', backslashEscapes, out);
            } else if (c == '"') {
                i = copyQuoted(sql, i, '"', false, out);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = copyBlockComment(sql, i, out);
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new IllegalArgumentException("the dollar-quoted text that starts with " + tag
                            + " is not closed");
                }
                out.append(sql, i, end + tag.length());
                i = end + tag.length();
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else if (c == '?') {
                positional++;
                out.append('?');
                i++;
            } else if (c == ';') {
                if (!onlyBlankOrCommentsAfter(sql, i + 1)) {
                    throw new IllegalArgumentException("holds more than one statement; a task runs exactly one");
                }
                i = n;
            } else {
                out.append(c);
                i++;
            }
        }
        if (!names.isEmpty() && positional > 0) {
            throw new IllegalArgumentException("mixes named (:name) and positional (?) parameters; use one kind");
        }
        if (out.toString().isBlank()) {
            throw new IllegalArgumentException("holds no statement");
        }
        return new ParsedQuery(out.toString(), names, positional);
    }

    private static int copyQuoted(String sql, int start, char quote, boolean backslashEscapes, StringBuilder out) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    out.append(sql, start, i + 1);
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("the " + (quote == '\'' ? "string literal" : "quoted identifier")
                + " that starts at character " + (start + 1) + " is not closed");
    }

    private static int copyBlockComment(String sql, int start, StringBuilder out) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    out.append(sql, start, i);
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("the comment that starts at character " + (start + 1) + " is not closed");
    }

    /** The dollar-quote tag ({@code $$} or {@code $tag$}) starting at {@code i}, or {@code null} (e.g. {@code $1}). */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    private static boolean onlyBlankOrCommentsAfter(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (sql.startsWith("/*", i)) {
                i = copyBlockComment(sql, i, new StringBuilder());
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
