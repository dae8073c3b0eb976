package io.gleitzeit.state.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.definition.BatchSpec;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.Priority;
import io.gleitzeit.definition.RetryPolicy;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.TaskType;
import io.gleitzeit.definition.WorkflowDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds workflow definitions for tests without the document parser. Tasks default to no retries
 * ({@link RetryPolicy#NONE}), no timeout and normal priority, so a test states what it relies on.
 *
 * <pre>{@code
 * WorkflowDefinition wf = Workflows.workflow("wf-1")
 *         .function("Extract", "extract")
 *         .text("Summarise", "Summarise {{Extract.result}}", "llama3", t -> t.dependsOn("Extract"))
 *         .build();
 * }</pre>
 */
public final class Workflows {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Workflows() {
    }

    /** A new builder for the workflow {@code workflowId}. */
    public static Builder workflow(String workflowId) {
        return new Builder(workflowId);
    }

    /** Builds a {@link WorkflowDefinition}. */
    public static final class Builder {
        private final String workflowId;
        private String name = "test workflow";
        private ErrorStrategy errorStrategy = ErrorStrategy.STOP;
        private Duration timeout;
        private final List<TaskDefinition> tasks = new ArrayList<>();

        private Builder(String workflowId) {
            this.workflowId = workflowId;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder errorStrategy(ErrorStrategy value) {
            errorStrategy = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /** A function task calling {@code function}. */
        public Builder function(String taskName, String function, Consumer<Task> spec) {
            return task(taskName, TaskType.FUNCTION, t -> {
                t.param("function", function);
                spec.accept(t);
            });
        }

        /** A function task calling {@code function}, with these dependencies. */
        public Builder function(String taskName, String function, String... dependencies) {
            return function(taskName, function, t -> t.dependsOn(dependencies));
        }

        /** A text task. */
        public Builder text(String taskName, String prompt, String model, Consumer<Task> spec) {
            return task(taskName, TaskType.TEXT, t -> {
                t.param("prompt", prompt);
                t.param("model", model);
                spec.accept(t);
            });
        }

        /** A task of any type; {@code spec} sets its parameters and options. */
        public Builder task(String taskName, TaskType type, Consumer<Task> spec) {
            Task t = new Task(taskName, type);
            spec.accept(t);
            tasks.add(t.build());
            return this;
        }

        public WorkflowDefinition build() {
            return new WorkflowDefinition(workflowId, name, errorStrategy, timeout, JSON.objectNode(), tasks);
        }
    }

    /** Options and parameters of one task. */
    public static final class Task {
        private final String name;
        private final TaskType type;
        private final List<String> dependencies = new ArrayList<>();
        private RetryPolicy retry = RetryPolicy.NONE;
        private Duration timeout;
        private Priority priority = Priority.NORMAL;
        private String service;
        private final ObjectNode parameters = JSON.objectNode();
        private BatchSpec batch;

        private Task(String name, TaskType type) {
            this.name = name;
            this.type = type;
        }

        public Task dependsOn(String... names) {
            dependencies.addAll(List.of(names));
            return this;
        }

        public Task retry(RetryPolicy value) {
            retry = value;
            return this;
        }

        /** Up to {@code maxAttempts} attempts, a fixed backoff of {@code delay}, no jitter. */
        public Task retries(int maxAttempts, Duration delay) {
            return retry(new RetryPolicy(maxAttempts, io.gleitzeit.definition.Backoff.FIXED, delay, delay, 0));
        }

        public Task timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Task priority(Priority value) {
            priority = value;
            return this;
        }

        public Task service(String value) {
            service = value;
            return this;
        }

        public Task param(String field, String value) {
            parameters.put(field, value);
            return this;
        }

        public Task param(String field, JsonNode value) {
            parameters.set(field, value);
            return this;
        }

        /** Makes the task a batch over {@code items} (an array, or a string that is one reference). */
        public Task batch(JsonNode items, int maxConcurrency) {
            batch = new BatchSpec(items, maxConcurrency, BatchSpec.DEFAULT_ITEM_VARIABLE);
            return this;
        }

        private TaskDefinition build() {
            return new TaskDefinition(name, type, dependencies, retry, timeout, priority, service, parameters, batch);
        }
    }
}
