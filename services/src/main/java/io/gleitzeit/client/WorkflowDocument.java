package io.gleitzeit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow document (PROTOCOL.md, "Workflow document") as {@link WorkflowBuilder} made it: immutable JSON, ready
 * for {@link GleitzeitClient#submit(WorkflowDocument)}. The hub validates it in full; the builder has already
 * checked names and dependencies.
 */
public final class WorkflowDocument {
    private final ObjectNode json;

    WorkflowDocument(ObjectNode json) {
        this.json = Objects.requireNonNull(json, "json").deepCopy();
    }

    /** A copy of the document's JSON. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    public String name() {
        return json.path("name").asText();
    }

    /** The client-chosen {@code workflow_id}, if one was set. */
    public Optional<String> workflowId() {
        return json.hasNonNull("workflow_id") ? Optional.of(json.get("workflow_id").asText()) : Optional.empty();
    }

    /** The task names in document order. */
    public List<String> taskNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode task : json.path("tasks")) {
            names.add(task.path("name").asText());
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkflowDocument other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return json.toString();
    }
}
