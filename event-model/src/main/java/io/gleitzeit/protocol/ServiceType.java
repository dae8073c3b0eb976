package io.gleitzeit.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of work a service does (ext); it helps routing and monitoring, never restricts task types. */
public enum ServiceType {
    LLM, FUNCTION, HTTP, SQL, CUSTOM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire value; an unknown value is {@link #CUSTOM}, a missing one {@code null}. */
    @JsonCreator
    public static ServiceType fromWireName(String value) {
        if (value == null) {
            return null;
        }
        for (ServiceType type : values()) {
            if (type.wireName().equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        return CUSTOM;
    }
}
