package io.gleitzeit.projections.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.log.GleitzeitException;

/** The JSON form of read-model records in Redis: the Gleitzeit conventions (snake_case, ISO-8601 times). */
public final class StoredJson {
    private static final ObjectMapper MAPPER = GleitzeitJson.newMapper();

    private StoredJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a stored record; a record that does not parse is a permanent failure naming what it is. */
    public static <T> T read(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw GleitzeitException.permanentFailure("cannot read " + what + " as " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}
