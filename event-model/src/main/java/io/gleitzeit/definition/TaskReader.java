package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one task object: its common fields, typed, and everything else kept as {@code parameters}, checked by the
 * rules of its type.
 */
final class TaskReader {
    /** Fields every task type shares; they are typed in {@link TaskDefinition} and not part of its parameters. */
    static final Set<String> COMMON_FIELDS = Set.of(
            "name", "type", "dependencies", "retry", "max_retries", "timeout_seconds", "priority", "service", "batch");
    static final Duration MAX_TIMEOUT = Duration.ofDays(30);

    private static final List<String> TYPE_NAMES = List.of("text", "vision", "python", "function", "http", "sql",
            "external");
    private static final List<String> PRIORITIES = Arrays.stream(Priority.values()).map(Priority::wireName).toList();

    private final DocumentLimits limits;
    private final TypeRules typeRules;
    private final Map<String, Integer> firstIndexByName;

    /**
     * @param firstIndexByName the index of the first task with each name, to report later duplicates
     */
    TaskReader(DocumentLimits limits, Map<String, Integer> firstIndexByName) {
        this.limits = limits;
        this.typeRules = new TypeRules(limits);
        this.firstIndexByName = firstIndexByName;
    }

    /** The task at {@code index}, or {@code null} when it is not even an object (reported). */
    TaskDraft read(int index, JsonNode node, Problems problems) {
        String path = "$.tasks[" + index + "]";
        if (!node.isObject()) {
            problems.add(path, "must be a task object, was " + JsonKind.describe(node));
            return null;
        }
        FieldReader fields = new FieldReader((ObjectNode) node, path, problems, FieldReader.References.CHECKED_NOW);
        String name = name(index, fields);
        TaskType type = type(fields);
        List<String> dependencies = dependencies(fields);
        RetryPolicy retry = RetryReader.read(fields);
        Duration timeout = fields.seconds("timeout_seconds", MAX_TIMEOUT);
        Priority priority = fields.choice("priority", Priority::fromWireName, PRIORITIES);
        String service = fields.optionalText("service");
        BatchSpec batch = BatchReader.read(fields);
        ObjectNode parameters = parameters((ObjectNode) node);
        if (type != null) {
            FieldReader typed = fields.with(FieldReader.References.RESOLVED_AT_DISPATCH);
            typeRules.check(type, batch != null ? typed.withItemVariable(batch.itemVariable()) : typed, parameters);
        }
        return new TaskDraft(index, path, name, type, dependencies, retry, timeout,
                priority != null ? priority : Priority.NORMAL, service, parameters, batch);
    }

    private String name(int index, FieldReader fields) {
        String name = fields.requiredText("name", "is required", limits.maxNameLength());
        if (name == null) {
            return null;
        }
        if (name.contains("{") || name.contains("}")) {
            fields.report("name", "must not contain '{' or '}': they delimit {{Task.result}} references");
        }
        if (name.contains(".result")) {
            fields.report("name", "must not contain '.result': a reference {{" + name + ".result}} would be cut"
                    + " at the first '.result'");
        }
        if (!name.strip().equals(name)) {
            fields.report("name", "must not start or end with whitespace: references to it strip the name");
        }
        Integer first = firstIndexByName.get(name);
        if (first != null && first != index) {
            fields.report("name", "duplicate task name " + JsonKind.quote(name) + ": $.tasks[" + first
                    + "] already has it; names must be unique");
        }
        return name;
    }

    private static TaskType type(FieldReader fields) {
        if (!fields.isGiven("type")) {
            fields.report("type", "is required: one of " + String.join(", ", TYPE_NAMES));
            return null;
        }
        return fields.choice("type", TaskType::fromWireName, TYPE_NAMES);
    }

    private static List<String> dependencies(FieldReader fields) {
        ArrayNode array = fields.array("dependencies");
        if (array == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            if (entry.isTextual()) {
                names.add(entry.asText());
            } else {
                names.add(null);
                fields.report("dependencies", i, "must be a task name (a string), was " + JsonKind.describe(entry));
            }
        }
        return Collections.unmodifiableList(names);
    }

    /** Every field but the common ones, in document order, values as given. */
    private static ObjectNode parameters(ObjectNode task) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : task.properties()) {
            if (!COMMON_FIELDS.contains(field.getKey())) {
                parameters.set(field.getKey(), field.getValue());
            }
        }
        return parameters;
    }
}
