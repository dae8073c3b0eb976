package io.gleitzeit.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads a wire timestamp: ISO-8601 with an offset ({@code …Z}, {@code …+02:00}), ISO-8601 without one (Python's
 * {@code datetime.utcnow().isoformat()}, taken as UTC), or a number of seconds since the epoch (fractions allowed).
 */
public final class LenientInstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    public LenientInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return fromEpochSeconds(p.getDecimalValue());
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getText().trim();
            if (text.isEmpty()) {
                return null;
            }
            Instant parsed = parse(text);
            if (parsed == null) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                        "expected an ISO-8601 timestamp or epoch seconds");
            }
            return parsed;
        }
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
    }

    /** Parses the accepted text forms; {@code null} when the text is none of them. */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            // fall through: the original services omit the zone
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // fall through: maybe a number in a string
        }
        try {
            return fromEpochSeconds(new BigDecimal(text));
        } catch (NumberFormatException notNumber) {
            return null;
        }
    }

    private static Instant fromEpochSeconds(BigDecimal seconds) {
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }
}
