package io.gleitzeit.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the delay between attempts grows. */
public enum Backoff {
    /** Always the base delay. */
    FIXED("fixed"),
    /** base × attempt. */
    LINEAR("linear"),
    /** base × 2^(attempt-1). */
    EXPONENTIAL("exponential");

    private final String wireName;

    Backoff(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a document value; {@code null} when the value names no backoff. */
    @JsonCreator
    public static Backoff fromWireName(String value) {
        for (Backoff b : values()) {
            if (b.wireName.equals(value)) {
                return b;
            }
        }
        return null;
    }
}
