package io.gleitzeit.cluster;

import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.client.WorkflowDocument;
import io.gleitzeit.client.WorkflowListener;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A workflow being put together on a {@link GleitzeitCluster}, in the seed's API: {@code addTextTask},
 * {@code addFunctionTask}/{@code addPythonTask}, {@code addVisionTask}, each with the names of the tasks it depends
 * on, then {@link #submit()}. Arguments and prompts may reference results: {@code {{Task Name.result}}}.
 */
public final class ClusterWorkflow {
    private final GleitzeitCluster cluster;
    private final WorkflowBuilder builder;

    ClusterWorkflow(GleitzeitCluster cluster, String name) {
        this.cluster = cluster;
        this.builder = WorkflowBuilder.named(name);
    }

    /** A text (LLM) task; the provider follows the model name unless set through {@link #addTask}. */
    public ClusterWorkflow addTextTask(String name, String prompt, String model, String... dependencies) {
        builder.textTask(name, prompt, t -> t.model(model).dependsOn(dependencies));
        return this;
    }

    /** A function task with keyword arguments. */
    public ClusterWorkflow addFunctionTask(String name, String function, Map<String, ?> kwargs,
                                           String... dependencies) {
        return addFunctionTask(name, function, List.of(), kwargs, dependencies);
    }

    /** A function task with positional and keyword arguments. */
    public ClusterWorkflow addFunctionTask(String name, String function, List<?> args, Map<String, ?> kwargs,
                                           String... dependencies) {
        builder.functionTask(name, function, t -> arguments(t, args, kwargs).dependsOn(dependencies));
        return this;
    }

    /** A function task under the original Gleitzeit's type name {@code python} (any language's function). */
    public ClusterWorkflow addPythonTask(String name, String function, List<?> args, Map<String, ?> kwargs,
                                         String... dependencies) {
        builder.pythonTask(name, function, t -> arguments(t, args, kwargs).dependsOn(dependencies));
        return this;
    }

    /** A vision task: a prompt about an image (base64 or URL). */
    public ClusterWorkflow addVisionTask(String name, String prompt, String image, String model,
                                         String... dependencies) {
        builder.visionTask(name, prompt, image, t -> t.model(model).dependsOn(dependencies));
        return this;
    }

    /** Any task, with every field the builder offers (retry, timeout, priority, service pin, …). */
    public ClusterWorkflow addTask(String name, String type, Consumer<WorkflowBuilder.Task> settings) {
        builder.task(name, type, settings);
        return this;
    }

    /** The document as it would be submitted. */
    public WorkflowDocument document() {
        return builder.build();
    }

    /** Submits; the future holds the {@code workflow:completed} payload (results and errors by task name). */
    public CompletableFuture<WorkflowCompletedNotice> submit() {
        return cluster.submit(document());
    }

    /** Submits and tells {@code listener} of the workflow's progress. */
    public CompletableFuture<WorkflowCompletedNotice> submit(WorkflowListener listener) {
        return cluster.submit(document(), listener);
    }

    private static WorkflowBuilder.Task arguments(WorkflowBuilder.Task task, List<?> args, Map<String, ?> kwargs) {
        Objects.requireNonNull(args, "args").forEach(task::arg);
        Objects.requireNonNull(kwargs, "kwargs").forEach(task::kwarg);
        return task;
    }
}
