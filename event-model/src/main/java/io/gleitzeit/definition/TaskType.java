package io.gleitzeit.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * The kinds of task a workflow document may contain, with the {@code external_task_type} a service sees in
 * {@code task:assign} (PROTOCOL.md).
 */
public enum TaskType {
    TEXT(List.of("text"), "llm_generation"),
    VISION(List.of("vision"), "vision"),
    /** A registered function in any language; {@code python} and {@code function} are the same thing. */
    FUNCTION(List.of("function", "python"), "python_execution"),
    HTTP(List.of("http"), "api_integration"),
    SQL(List.of("sql"), "database_operations"),
    /** A task for a custom service; its {@code task_type} field names the handler. */
    EXTERNAL(List.of("external"), null);

    private final List<String> wireNames;
    private final String externalTaskType;

    TaskType(List<String> wireNames, String externalTaskType) {
        this.wireNames = wireNames;
        this.externalTaskType = externalTaskType;
    }

    /** The canonical document name (the first accepted spelling). */
    @JsonValue
    public String wireName() {
        return wireNames.get(0);
    }

    /** Every spelling accepted in documents. */
    public List<String> wireNames() {
        return wireNames;
    }

    /** The handler name a service is asked for; {@code null} for {@link #EXTERNAL}, whose task names it. */
    public String externalTaskType() {
        return externalTaskType;
    }

    /** Whether tasks of this type go to LLM services and so follow provider/model routing. */
    public boolean isLlm() {
        return this == TEXT || this == VISION;
    }

    /** Parses a document value; {@code null} when the value names no type. */
    @JsonCreator
    public static TaskType fromWireName(String value) {
        for (TaskType t : values()) {
            if (t.wireNames.contains(value)) {
                return t;
            }
        }
        return null;
    }
}
