package io.gleitzeit.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;

/** Durations as seconds on the wire, for {@link WireSeconds}. */
public final class SecondsCodec {
    private SecondsCodec() {
    }

    /** Whole seconds as an integer, anything finer as a decimal. */
    public static final class Writer extends StdScalarSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        public Writer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.getNano() == 0) {
                gen.writeNumber(value.getSeconds());
            } else {
                gen.writeNumber(BigDecimal.valueOf(value.getSeconds()).add(BigDecimal.valueOf(value.getNano(), 9))
                        .stripTrailingZeros());
            }
        }
    }

    /** A number of seconds, or a numeric string; negative values are refused. */
    public static final class Reader extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;
        /** About 292 years: what fits a {@code long} of nanoseconds. */
        private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L);

        public Reader() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            BigDecimal seconds;
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                seconds = p.getDecimalValue();
            } else if (token == JsonToken.VALUE_STRING) {
                String text = p.getText().trim();
                if (text.isEmpty()) {
                    return null;
                }
                try {
                    seconds = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "expected a number of seconds");
                }
            } else {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            if (seconds.signum() < 0 || seconds.compareTo(MAX_SECONDS) > 0) {
                return (Duration) ctxt.handleWeirdNumberValue(Duration.class, seconds,
                        "seconds must be within 0.." + MAX_SECONDS);
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        }
    }
}
