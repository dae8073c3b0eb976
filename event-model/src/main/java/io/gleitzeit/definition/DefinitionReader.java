package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns the JSON tree of a workflow document into a {@link WorkflowDefinition}, collecting every problem first:
 * workflow fields, then each task in order (its fields, dependencies and references), then dependency cycles.
 */
final class DefinitionReader {
    /** No '/' (task ids are {@code <workflow_id>/<index>}) and no braces (Redis Cluster hash tags). */
    static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Duration MAX_WORKFLOW_TIMEOUT = Duration.ofDays(30);

    private static final List<String> ERROR_STRATEGIES =
            Arrays.stream(ErrorStrategy.values()).map(ErrorStrategy::wireName).toList();

    private final DocumentLimits limits;

    DefinitionReader(DocumentLimits limits) {
        this.limits = limits;
    }

    WorkflowDefinition read(JsonNode root, Supplier<String> workflowIds) {
        Problems problems = new Problems();
        if (!root.isObject()) {
            problems.add("$", "the workflow document must be a JSON object, was " + JsonKind.describe(root));
            problems.throwIfAny();
        }
        FieldReader doc = new FieldReader((ObjectNode) root, "$", problems, FieldReader.References.CHECKED_NOW);
        String workflowId = doc.optionalText("workflow_id");
        if (workflowId != null && !WORKFLOW_ID.matcher(workflowId).matches()) {
            doc.report("workflow_id", "must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter"
                    + " or digit (no '/', '{' or '}'), was " + JsonKind.quote(workflowId));
        }
        String name = doc.requiredText("name", "is required", limits.maxNameLength());
        ErrorStrategy errorStrategy = doc.choice("error_strategy", ErrorStrategy::fromWireName, ERROR_STRATEGIES);
        Duration timeout = doc.seconds("timeout_seconds", MAX_WORKFLOW_TIMEOUT);
        ObjectNode metadata = doc.object("metadata");
        List<TaskDraft> tasks = tasks(doc, problems);

        problems.throwIfAny();
        return new WorkflowDefinition(
                workflowId != null ? workflowId : generatedId(workflowIds),
                name,
                errorStrategy != null ? errorStrategy : ErrorStrategy.STOP,
                timeout,
                metadata != null ? metadata : JsonNodeFactory.instance.objectNode(),
                tasks.stream().map(TaskDraft::toDefinition).toList());
    }

    private List<TaskDraft> tasks(FieldReader doc, Problems problems) {
        if (!doc.isGiven("tasks")) {
            doc.report("tasks", "is required: a non-empty array of tasks");
            return List.of();
        }
        ArrayNode array = doc.array("tasks");
        if (array == null) {
            return List.of();
        }
        if (array.isEmpty()) {
            doc.report("tasks", "must hold at least one task");
            return List.of();
        }
        if (array.size() > limits.maxTasks()) {
            // The limit bounds the work of one submission, so the tasks beyond it are not looked at.
            doc.report("tasks", "holds " + array.size() + " tasks; the limit is " + limits.maxTasks());
            return List.of();
        }
        Map<String, Integer> firstIndexByName = firstIndexByName(array);
        TaskReader reader = new TaskReader(limits, firstIndexByName);
        DependencyCheck dependencyCheck = new DependencyCheck(firstIndexByName);
        ReferenceCheck referenceCheck = new ReferenceCheck(firstIndexByName);
        List<TaskDraft> drafts = new ArrayList<>(array.size());
        int[][] dependsOn = new int[array.size()][];
        for (int i = 0; i < array.size(); i++) {
            TaskDraft draft = reader.read(i, array.get(i), problems);
            drafts.add(draft);
            if (draft == null) {
                dependsOn[i] = new int[0];
                continue;
            }
            dependsOn[i] = dependencyCheck.resolve(draft, problems);
            referenceCheck.check(draft, problems);
        }
        DependencyCheck.reportCycles(dependsOn, drafts, problems);
        return drafts;
    }

    /** Every textual task name, even an invalid one, so a dependency on it is not also reported as unknown. */
    private static Map<String, Integer> firstIndexByName(ArrayNode tasks) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode name = tasks.get(i).get("name");
            if (name != null && name.isTextual()) {
                byName.putIfAbsent(name.asText(), i);
            }
        }
        return byName;
    }

    private static String generatedId(Supplier<String> workflowIds) {
        String id = workflowIds.get();
        if (id == null || !WORKFLOW_ID.matcher(id).matches()) {
            throw new IllegalStateException("the workflow id generator gave an invalid id: " + id);
        }
        return id;
    }
}
