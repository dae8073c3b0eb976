package io.gleitzeit.services.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Grouping, aggregation, pivot tables and type checks over records (JSON objects). Group keys are the field's value
 * as Python's {@code str()} writes it ({@code "1"}, {@code "1.5"}, {@code "True"}); a record without the field falls in
 * group {@code "null"}.
 */
public final class RecordFunctions {
    static final int MAX_REPORTED_ERRORS = 100;

    @GleitzeitTask(name = "group_by_field", aliases = "group_by", category = "data",
            description = "The records grouped by the text of one field")
    public static Map<String, List<ObjectNode>> groupByField(List<ObjectNode> records, String field) {
        requireRecords(records);
        requireText(field, "field");
        Map<String, List<ObjectNode>> groups = new LinkedHashMap<>();
        for (ObjectNode record : records) {
            groups.computeIfAbsent(groupKey(record, field), k -> new ArrayList<>()).add(record);
        }
        return groups;
    }

    @GleitzeitTask(name = "aggregate_by_group", aliases = "aggregate", category = "data",
            description = "sum, avg, min, max or count of a field per group, from records and group_field or from "
                    + "the output of group_by_field")
    public static Map<String, Number> aggregateByGroup(
            @Param(defaultValue = "null") List<ObjectNode> records,
            @Param(value = "group_field", defaultValue = "null") String groupField,
            @Param(value = "value_field", aliases = "field", defaultValue = "null") String valueField,
            @Param(aliases = "aggregation", defaultValue = "\"sum\"") String operation,
            @Param(value = "grouped_data", defaultValue = "null") Map<String, List<ObjectNode>> groupedData) {
        Aggregation aggregation = Aggregation.parse(operation, "operation");
        Map<String, List<ObjectNode>> groups;
        if (groupedData != null) {
            if (records != null) {
                throw new IllegalArgumentException("give either grouped_data or records with group_field, not both");
            }
            groups = groupedData;
        } else if (records != null) {
            requireText(groupField, "group_field");
            groups = groupByField(records, groupField);
        } else {
            throw new IllegalArgumentException("give records with group_field, or grouped_data");
        }
        if (aggregation != Aggregation.COUNT) {
            requireText(valueField, "value_field");
        }
        Map<String, Number> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<ObjectNode>> group : groups.entrySet()) {
            List<ObjectNode> members = group.getValue() == null ? List.of() : group.getValue();
            if (aggregation == Aggregation.COUNT) {
                result.put(group.getKey(), members.size());
                continue;
            }
            List<Double> numbers = numbers(members, valueField, "group '" + group.getKey() + "'");
            result.put(group.getKey(), numbers.isEmpty() ? null : aggregation.apply(numbers));
        }
        return result;
    }

    /** The result of {@code pivot_table}: {@code pivot_table[index][column]} is the aggregate, 0 when empty. */
    public record Pivot(
            Map<String, Map<String, Number>> pivotTable, String indexField, String columnField, String valueField,
            String aggregation, List<String> indexValues, List<String> columnValues) {
    }

    @GleitzeitTask(name = "pivot_table", aliases = "pivot", category = "data",
            description = "A cross table: one row per index value, one column per column value, aggregated values")
    public static Pivot pivotTable(
            List<ObjectNode> records,
            @Param(value = "index_field", aliases = "index") String indexField,
            @Param(value = "column_field", aliases = "columns") String columnField,
            @Param(value = "value_field", aliases = "values") String valueField,
            @Param(defaultValue = "\"sum\"") String aggfunc) {
        requireRecords(records);
        requireText(indexField, "index_field");
        requireText(columnField, "column_field");
        requireText(valueField, "value_field");
        Aggregation aggregation = Aggregation.parse(aggfunc, "aggfunc");
        TreeSet<String> rows = new TreeSet<>();
        TreeSet<String> columns = new TreeSet<>();
        records.forEach(r -> {
            rows.add(cellKey(r, indexField));
            columns.add(cellKey(r, columnField));
        });
        Map<String, Map<String, Number>> table = new LinkedHashMap<>();
        for (String row : rows) {
            Map<String, Number> cells = new LinkedHashMap<>();
            for (String column : columns) {
                List<ObjectNode> matching = records.stream()
                        .filter(r -> cellKey(r, indexField).equals(row) && cellKey(r, columnField).equals(column))
                        .toList();
                String where = "cell [" + row + "][" + column + "]";
                Number value;
                if (aggregation == Aggregation.COUNT) {
                    value = (int) matching.stream().filter(r -> r.hasNonNull(valueField)).count();
                } else {
                    List<Double> numbers = numbers(matching, valueField, where);
                    value = numbers.isEmpty() ? (Number) 0 : (Number) aggregation.apply(numbers);
                }
                cells.put(column, value);
            }
            table.put(row, cells);
        }
        return new Pivot(table, indexField, columnField, valueField, aggregation.name().toLowerCase(Locale.ROOT),
                List.copyOf(rows), List.copyOf(columns));
    }

    @GleitzeitTask(name = "validate_data_types", aliases = "validate_types", category = "data",
            description = "Checks fields against a schema {field: int|float|str|bool|date|list|dict}")
    public static Map<String, Object> validateDataTypes(
            @Param(value = "records", aliases = "data") JsonNode records, Map<String, String> schema) {
        if (schema == null) {
            throw new IllegalArgumentException("schema is required");
        }
        List<JsonNode> rows = new ArrayList<>();
        if (records.isObject()) {
            rows.add(records);
        } else if (records.isArray()) {
            records.forEach(rows::add);
        } else {
            throw new IllegalArgumentException("records must be an object or an array of objects");
        }
        Map<String, TypeCheck> checks = new LinkedHashMap<>();
        schema.forEach((field, type) -> checks.put(field, TypeCheck.parse(field, type)));
        List<Map<String, Object>> errors = new ArrayList<>();
        int errorCount = 0;
        int valid = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode record = rows.get(i);
            boolean recordValid = true;
            for (Map.Entry<String, TypeCheck> check : checks.entrySet()) {
                JsonNode value = record.get(check.getKey());
                if (value != null && !check.getValue().accepts(value)) {
                    recordValid = false;
                    errorCount++;
                    if (errors.size() < MAX_REPORTED_ERRORS) {
                        Map<String, Object> error = new LinkedHashMap<>();
                        error.put("record_index", i);
                        error.put("field", check.getKey());
                        error.put("value", value);
                        error.put("expected_type", schema.get(check.getKey()));
                        error.put("actual_type", JsonValues.pythonType(value));
                        errors.add(error);
                    }
                }
            }
            if (recordValid) {
                valid++;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("total_records", rows.size());
        result.put("valid_records", valid);
        result.put("invalid_records", rows.size() - valid);
        result.put("error_count", errorCount);
        result.put("errors", errors);
        result.put("success_rate", rows.isEmpty() ? 1.0 : (double) valid / rows.size());
        return result;
    }

    /** A schema type, checked the way the original's Python conversions would accept a value. */
    enum TypeCheck {
        INT, FLOAT, STR, BOOL, DATE, LIST, DICT;

        static TypeCheck parse(String field, String type) {
            String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
            switch (t) {
                case "int", "integer":
                    return INT;
                case "float", "number", "double":
                    return FLOAT;
                case "str", "string", "text":
                    return STR;
                case "bool", "boolean":
                    return BOOL;
                case "date", "datetime":
                    return DATE;
                case "list", "array":
                    return LIST;
                case "dict", "object":
                    return DICT;
                default:
                    throw new IllegalArgumentException("schema." + field + ": unknown type '" + type
                            + "'; use int, float, str, bool, date, list or dict");
            }
        }

        boolean accepts(JsonNode value) {
            if (value.isNull()) {
                return true;
            }
            switch (this) {
                case INT:
                    return value.isNumber() || value.isBoolean()
                            || value.isTextual() && value.textValue().strip().matches("[+-]?\\d+(_\\d+)*");
                case FLOAT:
                    return value.isNumber() || value.isBoolean() || value.isTextual() && isFloatText(value.textValue());
                case STR:
                    return true;
                case BOOL:
                    return value.isBoolean() || List.of("true", "false", "1", "0")
                            .contains(JsonValues.pythonStr(value).toLowerCase(Locale.ROOT));
                case DATE:
                    return !value.isTextual() || isIsoDate(value.textValue());
                case LIST:
                    return value.isArray();
                case DICT:
                    return value.isObject();
                default:
                    throw new IllegalStateException(name());
            }
        }

        private static boolean isFloatText(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            return JsonValues.number(TextNode.valueOf(t)) != null
                    || t.matches("[+-]?(nan|inf|infinity)");
        }

        private static boolean isIsoDate(String text) {
            String t = text.strip().replace("Z", "+00:00");
            try {
                OffsetDateTime.parse(t);
                return true;
            } catch (DateTimeParseException notOffset) {
                // try the forms without a zone
            }
            try {
                LocalDateTime.parse(t.replace(' ', 'T'));
                return true;
            } catch (DateTimeParseException notLocal) {
                // try a date alone
            }
            try {
                LocalDate.parse(t);
                return true;
            } catch (DateTimeParseException notDate) {
                return false;
            }
        }
    }

    private static List<Double> numbers(List<ObjectNode> records, String field, String where) {
        List<Double> numbers = new ArrayList<>();
        for (ObjectNode record : records) {
            JsonNode value = record == null ? null : record.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            Double number = JsonValues.number(value);
            if (number == null) {
                throw new IllegalArgumentException(where + ": " + field + " value " + value + " is not a number");
            }
            numbers.add(number);
        }
        return numbers;
    }

    private static String groupKey(ObjectNode record, String field) {
        if (record == null || !record.has(field)) {
            return "null";
        }
        return JsonValues.pythonStr(record.get(field));
    }

    private static String cellKey(ObjectNode record, String field) {
        return record == null || !record.has(field) ? "" : JsonValues.pythonStr(record.get(field));
    }

    private static void requireRecords(List<ObjectNode> records) {
        if (records == null) {
            throw new IllegalArgumentException("records is required");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
