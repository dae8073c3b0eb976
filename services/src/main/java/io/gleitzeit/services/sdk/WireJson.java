package io.gleitzeit.services.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.event.codec.GleitzeitJson;
import java.io.IOException;
import org.json.JSONArray;
import org.json.JSONObject;
import org.json.JSONString;

/**
 * The boundary between the protocol records (Jackson) and socket.io-client's org.json values.
 *
 * <p>Outgoing payloads are written by Jackson and handed to the client as pre-rendered JSON ({@link JSONString}),
 * which the client inserts verbatim: no detour through org.json's number handling, which would turn integers beyond
 * {@code long} (a Fibonacci term, say) into rounded doubles. Shared by the service SDK and the client
 * ({@code io.gleitzeit.client}).
 */
public final class WireJson {
    private final ObjectMapper mapper;

    public WireJson() {
        this(GleitzeitJson.newMapper());
    }

    public WireJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A payload ready for {@code socket.emit}. */
    public Object out(Object payload) {
        try {
            return new RawJson(mapper.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + payload.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a received argument (an org.json value) as the given payload type. */
    public <T> T in(Object received, Class<T> type) throws IOException {
        return mapper.readValue(text(received), type);
    }

    private String text(Object received) throws JsonProcessingException {
        if (received == null || received == JSONObject.NULL) {
            return "null";
        }
        if (received instanceof JSONObject || received instanceof JSONArray) {
            return received.toString();
        }
        return mapper.writeValueAsString(received);
    }

    /** JSON text that org.json writes as is. */
    record RawJson(String json) implements JSONString {
        @Override
        public String toJSONString() {
            return json;
        }

        @Override
        public String toString() {
            return json;
        }
    }
}
