package io.gleitzeit.services.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.protocol.TaskAssignment;
import io.gleitzeit.protocol.Usage;
import io.gleitzeit.services.sdk.TaskContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A task context for calling backends directly: it records chunks, progress, usage and the endpoint. */
public final class RecordingContext implements TaskContext {
    private final TaskAssignment assignment;
    private final List<String> chunks = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private volatile Usage usage;
    private volatile String endpoint;

    public RecordingContext(TaskAssignment assignment) {
        this.assignment = assignment;
    }

    /** A context for a text task with these parameters. */
    public static RecordingContext forTask(String taskId, JsonNode parameters) {
        return new RecordingContext(TaskAssignment.newBuilder(taskId, "wf", 1).taskType("text")
                .externalTaskType("llm_generation").externalParameters(parameters).build());
    }

    @Override
    public TaskAssignment assignment() {
        return assignment;
    }

    @Override
    public void progress(double percent, String message) {
        messages.add(message);
    }

    @Override
    public void chunk(String text) {
        chunks.add(text);
    }

    @Override
    public void usage(Usage usage) {
        this.usage = usage;
    }

    @Override
    public void endpoint(String endpointId) {
        this.endpoint = endpointId;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(assignment.deadline());
    }

    public List<String> chunks() {
        return chunks;
    }

    public List<String> messages() {
        return messages;
    }

    public Usage usage() {
        return usage;
    }

    public String endpoint() {
        return endpoint;
    }
}
