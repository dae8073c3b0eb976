package io.gleitzeit.ops.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.client.WorkflowDocument;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.RetryPolicy;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's workloads: no-op function tasks in three shapes. */
public enum Workload {
    /** 20,000 independent tasks, as 20 workflows of 1,000 (a document holds at most 10,000 tasks by default). */
    FLAT,
    /** 2,000 workflows of A → (B, C) → D. */
    DIAMOND,
    /** 50 workflows of a 10-task sequential chain. */
    CHAIN;

    /** The function every benchmark task calls. */
    static final String NOOP = "noop";

    /** How many workflows a run of this shape has unless told otherwise. */
    public int defaultWorkflows() {
        return switch (this) {
            case FLAT -> 20;
            case DIAMOND -> 2000;
            case CHAIN -> 50;
        };
    }

    /** The workflows of one run ({@link #defaultWorkflows()} of them); ids are unique per run. */
    List<WorkflowDefinition> workflows(String runId) {
        return workflows(runId, defaultWorkflows());
    }

    /** {@code count} workflows of this shape; ids are unique per run. */
    List<WorkflowDefinition> workflows(String runId, int count) {
        List<WorkflowDefinition> out = new ArrayList<>();
        switch (this) {
            case FLAT -> {
                for (int w = 0; w < count; w++) {
                    List<TaskDefinition> tasks = new ArrayList<>();
                    for (int t = 0; t < 1000; t++) {
                        tasks.add(noop("t" + t));
                    }
                    out.add(workflow(runId + "-flat-" + w, tasks));
                }
            }
            case DIAMOND -> {
                for (int w = 0; w < count; w++) {
                    out.add(workflow(runId + "-diamond-" + w, List.of(noop("A"), noop("B", "A"), noop("C", "A"),
                            noop("D", "B", "C"))));
                }
            }
            case CHAIN -> {
                for (int w = 0; w < count; w++) {
                    List<TaskDefinition> tasks = new ArrayList<>();
                    for (int t = 0; t < 10; t++) {
                        tasks.add(t == 0 ? noop("t0") : noop("t" + t, "t" + (t - 1)));
                    }
                    out.add(workflow(runId + "-chain-" + w, tasks));
                }
            }
            default -> throw new IllegalStateException("unknown workload " + this);
        }
        return out;
    }

    /**
     * The same workflows as documents for a client to submit ({@code workflow_id} set, so ids are unique per run),
     * of no-op function tasks.
     */
    List<WorkflowDocument> documents(String runId, int count) {
        List<WorkflowDocument> out = new ArrayList<>();
        for (WorkflowDefinition definition : workflows(runId, count)) {
            WorkflowBuilder builder = WorkflowBuilder.named(definition.name()).workflowId(definition.workflowId());
            for (TaskDefinition task : definition.tasks()) {
                builder.functionTask(task.name(), NOOP, t -> t.dependsOn(task.dependencies().toArray(String[]::new)));
            }
            out.add(builder.build());
        }
        return out;
    }

    private static WorkflowDefinition workflow(String id, List<TaskDefinition> tasks) {
        return new WorkflowDefinition(id, id, ErrorStrategy.STOP, null, JsonNodeFactory.instance.objectNode(), tasks);
    }

    private static TaskDefinition noop(String name, String... dependencies) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("function", NOOP);
        return new TaskDefinition(name, TaskType.FUNCTION, List.of(dependencies), RetryPolicy.DEFAULT, null,
                Priority.NORMAL, null, params);
    }
}
