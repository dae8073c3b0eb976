package io.gleitzeit.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.WorkflowDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePSet;

/**
 * A workflow as the fold of its events left it ({@link WorkflowEvolver}). Immutable; the collections are persistent
 * (pcollections), so the state after one more event shares almost everything with the state before it and applying
 * an event costs O(log n) in the number of tasks, never a copy of all of them.
 *
 * <p>Besides the tasks it keeps what the decider asks on every decision: the results by task name (for
 * {@code {{Task.result}}} references), the dependents of each task, the ready-but-undispatched tasks in dispatch order,
 * and how many tasks finished in each way.
 */
public final class WorkflowState {
    private final String workflowId;
    private final long version;
    private final WorkflowStatus status;
    private final WorkflowDefinition definition;
    private final String submittedBy;
    private final TaskGraph graph;
    private final PMap<String, TaskState> tasks;
    private final PMap<String, TaskState> units;
    private final PMap<String, BatchProgress> batches;
    private final PMap<String, JsonNode> resultsByName;
    private final PSortedSet<ReadyTask> readyTasks;
    private final TaskCounts counts;
    private final Instant submittedAt;
    private final Instant finishedAt;
    private final String statusReason;

    private WorkflowState(String workflowId, long version, WorkflowStatus status, WorkflowDefinition definition,
                          String submittedBy, TaskGraph graph, PMap<String, TaskState> tasks,
                          PMap<String, TaskState> units, PMap<String, BatchProgress> batches,
                          PMap<String, JsonNode> resultsByName, PSortedSet<ReadyTask> readyTasks, TaskCounts counts,
                          Instant submittedAt, Instant finishedAt, String statusReason) {
        this.workflowId = workflowId;
        this.version = version;
        this.status = status;
        this.definition = definition;
        this.submittedBy = submittedBy;
        this.graph = graph;
        this.tasks = tasks;
        this.units = units;
        this.batches = batches;
        this.resultsByName = resultsByName;
        this.readyTasks = readyTasks;
        this.counts = counts;
        this.submittedAt = submittedAt;
        this.finishedAt = finishedAt;
        this.statusReason = statusReason;
    }

    /** The state of a workflow before its first event: version 0, {@link WorkflowStatus#NOT_SUBMITTED}. */
    public static WorkflowState initial(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        if (workflowId.isBlank()) {
            throw new IllegalArgumentException("workflowId must not be blank");
        }
        return new WorkflowState(workflowId, 0, WorkflowStatus.NOT_SUBMITTED, null, null, TaskGraph.EMPTY,
                HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(),
                TreePSet.empty(ReadyTask.DISPATCH_ORDER), TaskCounts.of(0),
                null, null, null);
    }

    // ---- what the fold changes (package-private) -----------------------------------------------------------------

    WorkflowState atVersion(long newVersion) {
        return new WorkflowState(workflowId, newVersion, status, definition, submittedBy, graph, tasks, units, batches,
                resultsByName, readyTasks, counts, submittedAt, finishedAt, statusReason);
    }

    WorkflowState submitted(WorkflowDefinition def, String by, Instant at) {
        Map<String, TaskState> initialTasks = new HashMap<>(def.tasks().size() * 2);
        for (int i = 0; i < def.tasks().size(); i++) {
            initialTasks.put(def.taskId(i), TaskState.pending(def.taskId(i), def.tasks().get(i).name(), i));
        }
        return new WorkflowState(workflowId, version, WorkflowStatus.RUNNING, def, by, TaskGraph.of(def),
                HashTreePMap.from(initialTasks), units, batches, resultsByName, readyTasks, TaskCounts.of(def.tasks().size()), at,
                null, null);
    }

    WorkflowState withTask(TaskState before, TaskState after) {
        PSortedSet<ReadyTask> ready = readyAfter(before, after);
        if (!tasks.containsKey(after.taskId())) {
            return withUnit(before, after, ready);
        }
        PMap<String, JsonNode> results = after.result() != null && before.result() == null
                ? resultsByName.plus(after.name(), after.result())
                : resultsByName;
        return new WorkflowState(workflowId, version, status, definition, submittedBy, graph,
                tasks.plus(after.taskId(), after), units, batches, results, ready,
                counts.moved(before.status(), after.status()), submittedAt, finishedAt, statusReason);
    }

    private PSortedSet<ReadyTask> readyAfter(TaskState before, TaskState after) {
        if (before.status() == TaskStatus.READY && after.status() != TaskStatus.READY) {
            return readyTasks.minus(readyEntry(before));
        } else if (before.status() != TaskStatus.READY && after.status() == TaskStatus.READY) {
            return readyTasks.plus(readyEntry(after));
        }
        return readyTasks;
    }

    /**
     * A batch unit changed: its batch's progress follows. Units are not tasks of the document, so they change neither
     * the task counts nor the results by name; their batch task does when it ends.
     */
    private WorkflowState withUnit(TaskState before, TaskState after, PSortedSet<ReadyTask> ready) {
        String batchId = BatchProgress.batchOf(after.taskId());
        BatchProgress progress = batches.get(batchId);
        if (before.status() == TaskStatus.PENDING && after.status() != TaskStatus.PENDING) {
            progress = progress.withReleased(1);
        }
        if (!before.status().isTerminal() && after.status().isTerminal()) {
            progress = progress.withEnded(1);
        } else if (before.status().isTerminal() && !after.status().isTerminal()) {
            // a failure followed by a retry in the same commit: the unit goes on
            progress = progress.withEnded(-1);
        }
        return new WorkflowState(workflowId, version, status, definition, submittedBy, graph, tasks,
                units.plus(after.taskId(), after), batches.plus(batchId, progress), resultsByName, ready, counts,
                submittedAt, finishedAt, statusReason);
    }

    /** A batch task resolved its list of {@code count} elements: its units exist from now on, all pending. */
    WorkflowState expanded(TaskState batch, int count) {
        Map<String, TaskState> created = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String id = BatchProgress.unitId(batch.taskId(), i);
            created.put(id, TaskState.pending(id, batch.name() + "[" + i + "]", batch.index()));
        }
        return new WorkflowState(workflowId, version, status, definition, submittedBy, graph, tasks,
                units.plusAll(created), batches.plus(batch.taskId(), new BatchProgress(batch.taskId(), count, 0, 0)),
                resultsByName, readyTasks, counts, submittedAt, finishedAt, statusReason);
    }

    WorkflowState finished(WorkflowStatus terminal, String reason, Instant at) {
        return new WorkflowState(workflowId, version, terminal, definition, submittedBy, graph, tasks, units, batches,
                resultsByName, readyTasks, counts, submittedAt, at, reason);
    }

    private ReadyTask readyEntry(TaskState task) {
        int item = units.containsKey(task.taskId()) ? BatchProgress.itemOf(task.taskId()) : ReadyTask.NO_ITEM;
        return new ReadyTask(task.taskId(), task.index(), item, definition.tasks().get(task.index()).priority());
    }

    // ---- queries -------------------------------------------------------------------------------------------------

    /** The workflow's id. */
    public String workflowId() {
        return workflowId;
    }

    /** The version of the last event folded in; 0 before the first. */
    public long version() {
        return version;
    }

    /** Where the workflow stands. */
    public WorkflowStatus status() {
        return status;
    }

    /** Whether the workflow exists (its {@code WorkflowSubmitted} was folded in). */
    public boolean isSubmitted() {
        return status != WorkflowStatus.NOT_SUBMITTED;
    }

    /** The submitted definition. */
    public WorkflowDefinition definition() {
        if (definition == null) {
            throw new IllegalStateException("workflow " + workflowId + " is not submitted");
        }
        return definition;
    }

    /** Who submitted it, or {@code null} before submission. */
    public String submittedBy() {
        return submittedBy;
    }

    /** When it was submitted, or {@code null}. */
    public Instant submittedAt() {
        return submittedAt;
    }

    /** When it reached a terminal status, or {@code null}. */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** Why it failed or was cancelled, or {@code null}. */
    public String statusReason() {
        return statusReason;
    }

    /** Every task of the document by id (batch units are not among them: see {@link #unitsOf}). */
    public PMap<String, TaskState> tasks() {
        return tasks;
    }

    /** The task or batch unit with that id, if it belongs to this workflow. */
    public Optional<TaskState> task(String taskId) {
        TaskState task = tasks.get(taskId);
        return Optional.ofNullable(task != null ? task : units.get(taskId));
    }

    /** Whether the id names a unit of a batch task of this workflow. */
    public boolean isUnit(String taskId) {
        return units.containsKey(taskId);
    }

    /** How far the units of a batch task are, once the task resolved its list. */
    public Optional<BatchProgress> batch(String taskId) {
        return Optional.ofNullable(batches.get(taskId));
    }

    /** The units of a batch task in item order; empty before it resolved its list. */
    public List<TaskState> unitsOf(String taskId) {
        BatchProgress progress = batches.get(taskId);
        if (progress == null) {
            return List.of();
        }
        List<TaskState> out = new ArrayList<>(progress.count());
        for (int i = 0; i < progress.count(); i++) {
            out.add(units.get(BatchProgress.unitId(taskId, i)));
        }
        return out;
    }

    /** The task with that name, if any. */
    public Optional<TaskState> taskByName(String name) {
        String id = graph.idByName().get(name);
        return id == null ? Optional.empty() : Optional.of(tasks.get(id));
    }

    /** The definition of a task of this workflow; for a batch unit, its batch task's. */
    public TaskDefinition definitionOf(TaskState task) {
        return definition().tasks().get(task.index());
    }

    /** The tasks in document order. */
    public List<TaskState> tasksInOrder() {
        List<TaskState> out = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            out.add(tasks.get(definition.taskId(i)));
        }
        return out;
    }

    /** The results of the completed tasks by task name, what {@code {{Task.result}}} references resolve against. */
    public PMap<String, JsonNode> resultsByName() {
        return resultsByName;
    }

    /** Ids of the tasks that depend directly on this one. */
    public List<String> dependentsOf(String taskId) {
        return graph.dependentsOf(taskId);
    }

    /** Ids of the tasks this one depends on directly. */
    public List<String> dependenciesOf(String taskId) {
        return graph.dependenciesOf(taskId);
    }

    /** The tasks whose current attempt waits for dispatch, in dispatch order (priority, then document order). */
    public PSortedSet<ReadyTask> readyTasks() {
        return readyTasks;
    }

    /** Whether some task waits for dispatch. */
    public boolean hasReadyTasks() {
        return !readyTasks.isEmpty();
    }

    /** How many tasks finished in each way. */
    public TaskCounts counts() {
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WorkflowState s)) {
            return false;
        }
        return version == s.version && workflowId.equals(s.workflowId) && status == s.status
                && Objects.equals(definition, s.definition) && Objects.equals(submittedBy, s.submittedBy)
                && tasks.equals(s.tasks) && units.equals(s.units) && batches.equals(s.batches)
                && resultsByName.equals(s.resultsByName) && readyTasks.equals(s.readyTasks)
                && counts.equals(s.counts) && Objects.equals(submittedAt, s.submittedAt)
                && Objects.equals(finishedAt, s.finishedAt) && Objects.equals(statusReason, s.statusReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workflowId, version, status, tasks);
    }

    @Override
    public String toString() {
        return "WorkflowState{" + workflowId + " v" + version + " " + status + ", " + counts + ", ready="
                + readyTasks.size() + "}";
    }
}
