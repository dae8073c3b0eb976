package io.gleitzeit.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a workflow does when a task fails for good. */
public enum ErrorStrategy {
    /** The first terminal task failure fails the workflow; tasks not yet started are skipped. */
    STOP("stop"),
    /** Independent branches go on; only the failed task's dependents are skipped. */
    CONTINUE("continue");

    private final String wireName;

    ErrorStrategy(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in workflow documents and events. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a document value; {@code null} when the value names no strategy. */
    @JsonCreator
    public static ErrorStrategy fromWireName(String value) {
        for (ErrorStrategy s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
