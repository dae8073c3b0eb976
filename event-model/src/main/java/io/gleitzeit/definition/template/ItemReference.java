package io.gleitzeit.definition.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One {@code {{item}}} or {@code {{item.a.0.b}}} reference inside a batch task: the element of the batch's list that
 * the current unit runs for, or a path into it. The variable's name is the batch's {@code item_var}.
 *
 * @param variable the item variable's name
 * @param path     the steps into the element: object field names, or array indices written as digits
 * @param text     the reference as written, braces included
 */
public record ItemReference(String variable, List<String> path, String text) {
    public ItemReference {
        Objects.requireNonNull(variable, "variable");
        path = List.copyOf(path);
        Objects.requireNonNull(text, "text");
    }

    /** The element one batch unit runs for, under the variable's name. */
    record Binding(String variable, JsonNode value) {
        Binding {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(value, "value");
        }
    }
}
