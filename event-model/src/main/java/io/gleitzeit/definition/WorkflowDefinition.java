package io.gleitzeit.definition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated workflow document (PROTOCOL.md, "Workflow document"). Instances are made by the document parser,
 * which rejects anything invalid, so holders may rely on: unique task names, dependencies that exist, no cycles,
 * and references only to dependencies.
 *
 * @param workflowId    the id; given by the client for idempotent resubmission, else generated at submission
 * @param name          display name
 * @param errorStrategy what a terminal task failure does
 * @param timeout       limit for the whole workflow, or {@code null} for none
 * @param metadata      free-form client data, kept as given
 * @param tasks         in document order
 */
public record WorkflowDefinition(
        String workflowId,
        String name,
        ErrorStrategy errorStrategy,
        Duration timeout,
        ObjectNode metadata,
        List<TaskDefinition> tasks) {

    public WorkflowDefinition {
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(errorStrategy, "errorStrategy");
        Objects.requireNonNull(metadata, "metadata");
        tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    }

    /** The task of that name, if any. */
    public Optional<TaskDefinition> task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst();
    }

    /**
     * The id of the task at {@code index} in document order: {@code <workflow_id>/<index>}. Deterministic, so a
     * replayed submission names its tasks the same way, and a task id alone tells which workflow it belongs to.
     */
    public String taskId(int index) {
        Objects.checkIndex(index, tasks.size());
        return workflowId + "/" + index;
    }

    /** The workflow id a task id belongs to (see {@link #taskId(int)}). */
    public static String workflowIdOfTask(String taskId) {
        int slash = taskId.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a task id: " + taskId);
        }
        return taskId.substring(0, slash);
    }

    /** A copy with another workflow id (used when the server assigns one). */
    public WorkflowDefinition withWorkflowId(String id) {
        return new WorkflowDefinition(id, name, errorStrategy, timeout, metadata, tasks);
    }
}
