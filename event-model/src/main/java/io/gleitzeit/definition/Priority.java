package io.gleitzeit.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Dispatch priority of a task; higher priorities leave the ready queue first. */
public enum Priority {
    LOW("low"), NORMAL("normal"), HIGH("high"), URGENT("urgent");

    private final String wireName;

    Priority(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a document value; {@code null} when the value names no priority. */
    @JsonCreator
    public static Priority fromWireName(String value) {
        for (Priority p : values()) {
            if (p.wireName.equals(value)) {
                return p;
            }
        }
        return null;
    }
}
