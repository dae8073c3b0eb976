package io.gleitzeit.services.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A task's {@code params} matched to its query's markers, in binding order: an object for {@code :name} markers, an
 * array for {@code ?} markers. JSON values bind as: {@code null} → SQL NULL, booleans → boolean, integers → bigint
 * (numeric beyond 64 bits), other numbers → numeric (exact), strings → text, objects and arrays → their JSON text.
 */
final class Parameters {
    private final List<JsonNode> values;

    private Parameters(List<JsonNode> values) {
        this.values = values;
    }

    /**
     * Matches the values to the markers; every problem is listed in the {@link IllegalArgumentException}, by path
     * ({@code params.customer}, {@code params[2]}).
     */
    static Parameters match(ParsedQuery query, JsonNode params) {
        boolean absent = params == null || params.isNull();
        List<String> problems = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        if (query.isNamed()) {
            if (!absent && !params.isObject()) {
                throw new IllegalArgumentException("params: must be an object, because the query uses named"
                        + " parameters (:" + query.names().get(0) + ")");
            }
            Set<String> used = new HashSet<>();
            for (String name : query.names()) {
                JsonNode value = absent ? null : params.get(name);
                if (value == null) {
                    if (used.add(name)) {
                        problems.add("params." + name + ": is missing; the query uses :" + name);
                    }
                    continue;
                }
                used.add(name);
                values.add(value);
            }
            if (!absent) {
                params.fieldNames().forEachRemaining(name -> {
                    if (!used.contains(name)) {
                        problems.add("params." + name + ": is not used by the query");
                    }
                });
            }
        } else {
            int given = absent ? 0 : params.isArray() ? params.size() : -1;
            if (given < 0) {
                throw new IllegalArgumentException("params: must be an array, because the query uses "
                        + (query.positional() == 0 ? "no" : "positional (?)") + " parameters");
            }
            if (given != query.positional()) {
                problems.add("params: the query has " + query.positional() + " ? marker(s) but " + given
                        + " value(s) were given");
            }
            for (int i = 0; i < given; i++) {
                values.add(params.get(i));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Parameters(values);
    }

    void bind(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            bind(statement, i + 1, values.get(i));
        }
    }

    private static void bind(PreparedStatement statement, int index, JsonNode value) throws SQLException {
        if (value.isNull()) {
            statement.setNull(index, Types.NULL);
        } else if (value.isBoolean()) {
            statement.setBoolean(index, value.booleanValue());
        } else if (value.isIntegralNumber()) {
            if (value.canConvertToLong()) {
                statement.setLong(index, value.longValue());
            } else {
                statement.setBigDecimal(index, value.decimalValue());
            }
        } else if (value.isNumber()) {
            statement.setBigDecimal(index, value.decimalValue());
        } else if (value.isTextual()) {
            statement.setString(index, value.textValue());
        } else {
            statement.setString(index, value.toString());
        }
    }
}
