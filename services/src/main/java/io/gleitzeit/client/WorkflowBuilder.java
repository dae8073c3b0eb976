package io.gleitzeit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.event.codec.GleitzeitJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a workflow document (PROTOCOL.md, "Workflow document") in Java.
 *
 * <pre>{@code
 * WorkflowDocument doc = WorkflowBuilder.named("Report")
 *         .functionTask("Numbers", "random_data", t -> t.kwarg("count", 10))
 *         .functionTask("Stats", "analyze_numbers", t -> t.arg("{{Numbers.result}}").dependsOn("Numbers"))
 *         .textTask("Summary", "Summarise: {{Stats.result}}", t -> t.model("llama3").dependsOn("Stats"))
 *         .build();
 * }</pre>
 *
 * <p>{@link #build()} checks what the builder can know (a name, at least one task, unique task names, dependencies
 * that name tasks of the document) and reports every problem by JSON path at once; the hub checks the rest.
 */
public final class WorkflowBuilder {
    private static final ObjectMapper MAPPER = GleitzeitJson.newMapper();

    /** What happens to the other tasks when one fails for good. */
    public enum ErrorStrategy {
        /** The workflow fails and its other tasks are skipped (the default). */
        STOP,
        /** Tasks that do not depend on the failed one go on. */
        CONTINUE
    }

    private final String name;
    private final List<Task> tasks = new ArrayList<>();
    private final ObjectNode metadata = MAPPER.createObjectNode();
    private String workflowId;
    private ErrorStrategy errorStrategy;
    private Long timeoutSeconds;

    private WorkflowBuilder(String name) {
        this.name = name;
    }

    /** A workflow with this name. */
    public static WorkflowBuilder named(String name) {
        return new WorkflowBuilder(name);
    }

    /** A client-chosen id: resubmitting the same document under it is idempotent. */
    public WorkflowBuilder workflowId(String workflowId) {
        this.workflowId = workflowId;
        return this;
    }

    public WorkflowBuilder errorStrategy(ErrorStrategy errorStrategy) {
        this.errorStrategy = Objects.requireNonNull(errorStrategy, "errorStrategy");
        return this;
    }

    /** A time limit for the whole workflow, whole seconds. */
    public WorkflowBuilder timeout(Duration timeout) {
        this.timeoutSeconds = Objects.requireNonNull(timeout, "timeout").toSeconds();
        return this;
    }

    /** A metadata entry; the value is converted to JSON. */
    public WorkflowBuilder metadata(String key, Object value) {
        metadata.set(Objects.requireNonNull(key, "key"), MAPPER.valueToTree(value));
        return this;
    }

    /** A {@code text} task (an LLM prompt); {@code prompt} may reference results: {@code {{Task.result}}}. */
    public WorkflowBuilder textTask(String name, String prompt, Consumer<Task> settings) {
        return add(new Task(name, "text").field("prompt", prompt), settings);
    }

    /** A {@code vision} task: a prompt about an image (base64 or URL). */
    public WorkflowBuilder visionTask(String name, String prompt, String image, Consumer<Task> settings) {
        return add(new Task(name, "vision").field("prompt", prompt).field("image", image), settings);
    }

    /** A {@code function} task: a registered function in any language. */
    public WorkflowBuilder functionTask(String name, String function, Consumer<Task> settings) {
        return add(new Task(name, "function").field("function", function), settings);
    }

    /** A {@code python} task: the same as a function task, under the original Gleitzeit's type name. */
    public WorkflowBuilder pythonTask(String name, String function, Consumer<Task> settings) {
        return add(new Task(name, "python").field("function", function), settings);
    }

    /** A task of any type ({@code http}, {@code sql}, {@code external}, …), its fields set with {@link Task#field}. */
    public WorkflowBuilder task(String name, String type, Consumer<Task> settings) {
        return add(new Task(name, type), settings);
    }

    private WorkflowBuilder add(Task task, Consumer<Task> settings) {
        if (settings != null) {
            settings.accept(task);
        }
        tasks.add(task);
        return this;
    }

    /**
     * The document.
     *
     * @throws IllegalArgumentException listing every problem by JSON path
     */
    public WorkflowDocument build() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("$.name: is required");
        }
        if (tasks.isEmpty()) {
            problems.add("$.tasks: needs at least one task");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            if (t.name == null || t.name.isBlank()) {
                problems.add("$.tasks[" + i + "].name: is required");
            } else if (!names.add(t.name)) {
                problems.add("$.tasks[" + i + "].name: '" + t.name + "' is used by an earlier task");
            }
        }
        for (int i = 0; i < tasks.size(); i++) {
            List<String> deps = tasks.get(i).dependencies;
            for (int d = 0; d < deps.size(); d++) {
                if (!names.contains(deps.get(d))) {
                    problems.add("$.tasks[" + i + "].dependencies[" + d + "]: no task is named '" + deps.get(d) + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the workflow is invalid: " + String.join("; ", problems));
        }
        ObjectNode doc = MAPPER.createObjectNode();
        if (workflowId != null) {
            doc.put("workflow_id", workflowId);
        }
        doc.put("name", name);
        if (errorStrategy != null) {
            doc.put("error_strategy", errorStrategy.name().toLowerCase(Locale.ROOT));
        }
        if (timeoutSeconds != null) {
            doc.put("timeout_seconds", timeoutSeconds);
        }
        if (!metadata.isEmpty()) {
            doc.set("metadata", metadata.deepCopy());
        }
        ArrayNode array = doc.putArray("tasks");
        tasks.forEach(t -> array.add(t.toJson()));
        return new WorkflowDocument(doc);
    }

    /** The settings of one task. */
    public static final class Task {
        private final String name;
        private final ObjectNode fields = MAPPER.createObjectNode();
        private final List<String> dependencies = new ArrayList<>();
        private ArrayNode args;
        private ObjectNode kwargs;

        private Task(String name, String type) {
            this.name = name;
            fields.put("type", Objects.requireNonNull(type, "type"));
        }

        /** Runs after these tasks; their results may be referenced. */
        public Task dependsOn(String... taskNames) {
            dependencies.addAll(List.of(taskNames));
            return this;
        }

        /** The model of a text or vision task ({@code gpt-*}, {@code claude-*}, {@code gemini-*} pick the provider). */
        public Task model(String model) {
            return field("model", model);
        }

        /** {@code internal} (Ollama), {@code openai}, {@code anthropic}, {@code gemini}, or a custom endpoint. */
        public Task provider(String provider) {
            return field("provider", provider);
        }

        /** The next positional argument of a function task; any JSON-convertible value, or a reference string. */
        public Task arg(Object value) {
            if (args == null) {
                args = MAPPER.createArrayNode();
            }
            args.add(MAPPER.<JsonNode>valueToTree(value));
            return this;
        }

        /** A keyword argument of a function task. */
        public Task kwarg(String key, Object value) {
            if (kwargs == null) {
                kwargs = MAPPER.createObjectNode();
            }
            kwargs.set(Objects.requireNonNull(key, "key"), MAPPER.valueToTree(value));
            return this;
        }

        /** Retries: at most {@code maxAttempts}, {@code exponential} (or {@code fixed}) backoff between them. */
        public Task retry(int maxAttempts, String backoff, Duration baseDelay, Duration maxDelay) {
            ObjectNode retry = MAPPER.createObjectNode();
            retry.put("max_attempts", maxAttempts);
            retry.put("backoff", backoff);
            retry.put("base_delay_ms", baseDelay.toMillis());
            retry.put("max_delay_ms", maxDelay.toMillis());
            fields.set("retry", retry);
            return this;
        }

        /** A time limit per attempt, whole seconds. */
        public Task timeout(Duration timeout) {
            fields.put("timeout_seconds", timeout.toSeconds());
            return this;
        }

        /** {@code low}, {@code normal}, {@code high} or {@code urgent}. */
        public Task priority(String priority) {
            return field("priority", priority);
        }

        /** Pins the task to the service of this name. */
        public Task service(String service) {
            return field("service", service);
        }

        /** Any other field of the task ({@code url}, {@code query}, {@code temperature}, …), converted to JSON. */
        public Task field(String field, Object value) {
            Objects.requireNonNull(field, "field");
            if ("name".equals(field) || "dependencies".equals(field)) {
                throw new IllegalArgumentException(field + " is set by the builder, not as a field");
            }
            fields.set(field, MAPPER.valueToTree(value));
            return this;
        }

        private ObjectNode toJson() {
            ObjectNode task = MAPPER.createObjectNode();
            task.put("name", name);
            task.setAll(fields);
            if (args != null) {
                task.set("args", args.deepCopy());
            }
            if (kwargs != null) {
                task.set("kwargs", kwargs.deepCopy());
            }
            if (!dependencies.isEmpty()) {
                ArrayNode deps = task.putArray("dependencies");
                dependencies.forEach(deps::add);
            }
            return task;
        }
    }
}
