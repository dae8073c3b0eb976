package io.gleitzeit.services.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;

/**
 * One condition on a record field. Ordering operators compare numbers (numeric text counts as a number) and are
 * false for anything else; {@code eq}/{@code ne} compare numbers numerically and other values by their text;
 * {@code contains} is a case-insensitive substring test. A record without the field never matches.
 */
record RecordCondition(String field, Operator operator, JsonNode value) {

    enum Operator {
        EQ, NE, GT, GTE, LT, LTE, CONTAINS;

        static Operator parse(String name) {
            String n = name == null ? "eq" : name.strip().toLowerCase(Locale.ROOT);
            switch (n) {
                case "eq", "==", "=":
                    return EQ;
                case "ne", "!=":
                    return NE;
                case "gt", ">":
                    return GT;
                case "gte", "ge", ">=":
                    return GTE;
                case "lt", "<":
                    return LT;
                case "lte", "le", "<=":
                    return LTE;
                case "contains", "in":
                    return CONTAINS;
                default:
                    throw new IllegalArgumentException("unknown operator '" + name
                            + "'; use eq, ne, gt, gte, lt, lte or contains");
            }
        }
    }

    static RecordCondition of(String field, String operator, JsonNode value) {
        return new RecordCondition(field, Operator.parse(operator), value);
    }

    boolean test(ObjectNode record) {
        if (!record.has(field)) {
            return false;
        }
        JsonNode actual = record.get(field);
        Double a = JsonValues.number(actual);
        Double b = JsonValues.number(value);
        boolean numeric = a != null && b != null;
        switch (operator) {
            case EQ:
                return numeric ? a.doubleValue() == b.doubleValue() : text(actual).equals(text(value));
            case NE:
                return numeric ? a.doubleValue() != b.doubleValue() : !text(actual).equals(text(value));
            case GT:
                return numeric && a > b;
            case GTE:
                return numeric && a >= b;
            case LT:
                return numeric && a < b;
            case LTE:
                return numeric && a <= b;
            case CONTAINS:
                return lower(text(actual)).contains(lower(text(value)));
            default:
                throw new IllegalStateException(operator.name());
        }
    }

    /**
     * The original's filter criterion: text starting with {@code >=}, {@code <=}, {@code >}, {@code <} compares
     * numbers, {@code !=} excludes an exact text, any other text matches case-insensitively as a substring; a
     * non-text criterion must be equal.
     */
    static boolean criterion(ObjectNode record, String field, JsonNode criteria) {
        if (!criteria.isTextual()) {
            return new RecordCondition(field, Operator.EQ, criteria).test(record);
        }
        String c = criteria.textValue();
        for (String prefix : new String[] {">=", "<=", "!=", ">", "<"}) {
            if (c.startsWith(prefix)) {
                JsonNode operand = TextNode.valueOf(c.substring(prefix.length()));
                if (prefix.equals("!=")) {
                    return record.has(field) && !text(record.get(field)).equals(operand.textValue());
                }
                return new RecordCondition(field, Operator.parse(prefix), operand).test(record);
            }
        }
        return new RecordCondition(field, Operator.CONTAINS, criteria).test(record);
    }

    private static String text(JsonNode node) {
        return JsonValues.pythonStr(node);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
