package io.gleitzeit.services.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.services.sdk.TaskFailedException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a result set into {@code {columns, rows, row_count, truncated}}: {@code columns} lists {@code {name, type}}
 * in order, each row is an object keyed by column label.
 *
 * <p>Types: integers and exact numerics stay exact JSON numbers, floats are numbers (NaN and infinities as text),
 * booleans, text; dates, times and timestamps as ISO-8601 text ({@code timestamptz} with its offset, in UTC);
 * {@code json}/{@code jsonb} parsed; {@code bytea} as base64; arrays as JSON arrays; anything else ({@code uuid},
 * {@code interval}, {@code inet}, …) as the driver's text.
 */
final class RowReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper;

    RowReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode read(ResultSet rows, int maxRows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int count = meta.getColumnCount();
        List<String> labels = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        ObjectNode result = NODES.objectNode();
        ArrayNode columns = result.putArray("columns");
        for (int c = 1; c <= count; c++) {
            String label = meta.getColumnLabel(c);
            if (!seen.add(label)) {
                throw TaskFailedException.nonRetryable("invalid_query", "the query returns two columns named '"
                        + label + "'; give them distinct names with AS");
            }
            labels.add(label);
            columns.addObject().put("name", label).put("type", meta.getColumnTypeName(c));
        }
        ArrayNode out = result.putArray("rows");
        boolean truncated = false;
        while (rows.next()) {
            if (out.size() == maxRows) {
                truncated = true;
                break;
            }
            ObjectNode row = out.addObject();
            for (int c = 1; c <= count; c++) {
                row.set(labels.get(c - 1), value(rows, c, meta.getColumnType(c),
                        meta.getColumnTypeName(c).toLowerCase(Locale.ROOT)));
            }
        }
        result.put("row_count", out.size());
        result.put("truncated", truncated);
        return result;
    }

    /** The result of a statement that returns no rows. */
    ObjectNode updateCount(long count) {
        return NODES.objectNode().put("update_count", count);
    }

    private JsonNode value(ResultSet rows, int c, int sqlType, String typeName) throws SQLException {
        switch (sqlType) {
            case Types.BIT, Types.BOOLEAN -> {
                boolean b = rows.getBoolean(c);
                return rows.wasNull() ? NODES.nullNode() : NODES.booleanNode(b);
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long l = rows.getLong(c);
                return rows.wasNull() ? NODES.nullNode() : NODES.numberNode(l);
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                double d = rows.getDouble(c);
                if (rows.wasNull()) {
                    return NODES.nullNode();
                }
                return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                BigDecimal big = rows.getBigDecimal(c);
                return big == null ? NODES.nullNode() : NODES.numberNode(big);
            }
            case Types.DATE -> {
                java.sql.Date date = rows.getDate(c);
                return date == null ? NODES.nullNode() : NODES.textNode(date.toLocalDate().toString());
            }
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> {
                return text(rows.getString(c));
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                if (typeName.equals("timestamptz") || sqlType == Types.TIMESTAMP_WITH_TIMEZONE) {
                    OffsetDateTime at = rows.getObject(c, OffsetDateTime.class);
                    return at == null ? NODES.nullNode() : NODES.textNode(at.toString());
                }
                Timestamp ts = rows.getTimestamp(c);
                return ts == null ? NODES.nullNode() : NODES.textNode(ts.toLocalDateTime().toString());
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] bytes = rows.getBytes(c);
                return bytes == null ? NODES.nullNode() : NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case Types.ARRAY -> {
                Array array = rows.getArray(c);
                if (array == null) {
                    return NODES.nullNode();
                }
                try {
                    return element(array.getArray());
                } finally {
                    array.free();
                }
            }
            default -> {
                String text = rows.getString(c);
                if (text != null && (typeName.equals("json") || typeName.equals("jsonb"))) {
                    try {
                        return mapper.readTree(text);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return NODES.textNode(text);
                    }
                }
                return text(text);
            }
        }
    }

    /** An array element as the driver gives it: nested arrays, boxed numbers, temporal values, bytes. */
    private JsonNode element(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Object[] array) {
            ArrayNode out = NODES.arrayNode();
            for (Object element : array) {
                out.add(element(element));
            }
            return out;
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return mapper.valueToTree(value);
        }
        if (value instanceof java.sql.Date date) {
            return NODES.textNode(date.toLocalDate().toString());
        }
        if (value instanceof Timestamp ts) {
            return NODES.textNode(ts.toLocalDateTime().toString());
        }
        if (value instanceof Time time) {
            return NODES.textNode(time.toLocalTime().toString());
        }
        if (value instanceof Temporal temporal) {
            return NODES.textNode(temporal.toString());
        }
        return NODES.textNode(value.toString());
    }

    private static JsonNode text(String text) {
        return text == null ? NODES.nullNode() : NODES.textNode(text);
    }
}
