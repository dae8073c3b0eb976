package io.gleitzeit.services.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CSV text to records, column statistics and record filters. */
public final class CsvFunctions {
    /** Where a data row's fields beyond the header go (Python's {@code csv.DictReader} uses the key {@code None}). */
    public static final String EXTRA_FIELDS = "_extra";

    @GleitzeitTask(name = "csv_to_records", aliases = "csv_parse", category = "csv",
            description = "Parses CSV text with a header row: {success: true, records, count, columns}")
    public static Map<String, Object> csvToRecords(
            @Param(value = "csv_string", aliases = {"csv_text", "csv"}) String csvString,
            @Param(defaultValue = "\",\"") String delimiter) {
        Table table = parse(csvString, delimiter);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", true);
        result.put("records", table.records());
        result.put("count", table.records().size());
        result.put("columns", table.columns());
        return result;
    }

    @GleitzeitTask(name = "csv_statistics", aliases = "csv_stats", category = "csv",
            description = "Counts, numeric min/max/mean/sum and most common texts of one column, or of every "
                    + "column, of records or of CSV text")
    public static Map<String, Object> csvStatistics(
            @Param(defaultValue = "null") List<ObjectNode> records,
            @Param(defaultValue = "null") String column,
            @Param(value = "csv_string", aliases = {"csv_text", "csv"}, defaultValue = "null") String csvString,
            @Param(defaultValue = "\",\"") String delimiter) {
        if ((records == null) == (csvString == null)) {
            throw new IllegalArgumentException("give either records or csv_string (csv_text)");
        }
        List<ObjectNode> rows = records != null ? records : parse(csvString, delimiter).records();
        if (column != null) {
            if (rows.stream().noneMatch(r -> r != null && r.has(column))) {
                throw new IllegalArgumentException("column '" + column + "' not found");
            }
            return columnStatistics(rows, column);
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        Map<String, Object> perColumn = new LinkedHashMap<>();
        columns.forEach(c -> perColumn.put(c, columnStatistics(rows, c)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("row_count", rows.size());
        result.put("column_count", columns.size());
        result.put("columns", perColumn);
        return result;
    }

    @GleitzeitTask(name = "csv_filter_records", aliases = "csv_filter", category = "csv",
            description = "The records matching every criterion of filters ({field: \">25\"}) and/or one "
                    + "field/operator/value condition")
    public static List<ObjectNode> csvFilterRecords(
            List<ObjectNode> records,
            @Param(defaultValue = "null") ObjectNode filters,
            @Param(defaultValue = "null") String field,
            @Param(defaultValue = "null") JsonNode value,
            @Param(defaultValue = "\"eq\"") String operator) {
        if (records == null) {
            throw new IllegalArgumentException("records is required");
        }
        if (filters == null && field == null) {
            throw new IllegalArgumentException("give filters or field (with value and operator)");
        }
        RecordCondition condition = field == null ? null : RecordCondition.of(field, operator, value);
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode record : records) {
            if (record == null) {
                continue;
            }
            boolean keep = condition == null || condition.test(record);
            if (keep && filters != null) {
                for (Map.Entry<String, JsonNode> f : filters.properties()) {
                    if (!RecordCondition.criterion(record, f.getKey(), f.getValue())) {
                        keep = false;
                        break;
                    }
                }
            }
            if (keep) {
                matching.add(record);
            }
        }
        return matching;
    }

    /** The header and the records of CSV text. */
    record Table(List<String> columns, List<ObjectNode> records) {
    }

    /** Records from CSV text, values as strings, as {@code csv.DictReader} gives them. */
    static Table parse(String csvString, String delimiter) {
        if (csvString == null) {
            throw new IllegalArgumentException("csv_string is required");
        }
        List<List<String>> rows = CsvParser.parse(csvString, delimiterChar(delimiter));
        List<ObjectNode> records = new ArrayList<>();
        List<String> header = null;
        for (List<String> row : rows) {
            if (row.isEmpty()) {
                continue;
            }
            if (header == null) {
                header = row;
                continue;
            }
            ObjectNode record = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < header.size(); i++) {
                if (i < row.size()) {
                    record.put(header.get(i), row.get(i));
                } else {
                    record.putNull(header.get(i));
                }
            }
            if (row.size() > header.size()) {
                ArrayNode extra = record.putArray(EXTRA_FIELDS);
                row.subList(header.size(), row.size()).forEach(extra::add);
            }
            records.add(record);
        }
        return new Table(header == null ? List.of() : header, records);
    }

    private static char delimiterChar(String delimiter) {
        if (delimiter == null || delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n")
                || delimiter.equals("\r")) {
            throw new IllegalArgumentException("delimiter must be one character other than a quote or line break, was "
                    + (delimiter == null ? "null" : "'" + delimiter + "'"));
        }
        return delimiter.charAt(0);
    }

    private static Map<String, Object> columnStatistics(List<ObjectNode> rows, String column) {
        List<Double> numbers = new ArrayList<>();
        Map<String, Integer> texts = new LinkedHashMap<>();
        int total = 0;
        int textCount = 0;
        for (ObjectNode row : rows) {
            JsonNode value = row == null ? null : row.get(column);
            if (value == null || value.isNull()) {
                continue;
            }
            total++;
            Double number = JsonValues.number(value);
            if (number != null) {
                numbers.add(number);
            } else {
                textCount++;
                texts.merge(JsonValues.pythonStr(value), 1, Integer::sum);
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("column", column);
        stats.put("total_values", total);
        stats.put("numeric_values", numbers.size());
        stats.put("text_values", textCount);
        if (!numbers.isEmpty()) {
            double sum = numbers.stream().mapToDouble(Double::doubleValue).sum();
            Map<String, Object> numeric = new LinkedHashMap<>();
            numeric.put("min", numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            numeric.put("max", numbers.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            numeric.put("mean", sum / numbers.size());
            numeric.put("sum", sum);
            stats.put("numeric_stats", numeric);
        }
        if (!texts.isEmpty()) {
            Map<String, Object> text = new LinkedHashMap<>();
            text.put("unique_values", texts.size());
            text.put("most_common", TextFunctions.mostCommon(texts, 5));
            stats.put("text_stats", text);
        }
        return stats;
    }
}
