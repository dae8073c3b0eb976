package io.gleitzeit.definition.template;

import java.util.List;
import java.util.Objects;

/**
 * One {@code {{Task Name.result}}} or {@code {{Task Name.result.a.0.b}}} reference.
 *
 * @param taskName the referenced task's name
 * @param path     the steps into its result: object field names, or array indices written as digits
 * @param text     the reference as written, braces included
 */
public record TaskReference(String taskName, List<String> path, String text) {
    public TaskReference {
        Objects.requireNonNull(taskName, "taskName");
        path = List.copyOf(path);
        Objects.requireNonNull(text, "text");
    }
}
