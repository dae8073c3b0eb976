package io.gleitzeit.state.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.RoutingDecision;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskDispatched;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow's recorded history for tests: events get consecutive versions and the time of a test clock that only
 * moves when told to.
 */
public final class History {
    /** The time every history starts at. */
    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    /** The service {@link #dispatched(String, int)} sends to. */
    public static final DispatchTarget TARGET = new DispatchTarget("svc-1", "worker", "hub-1", null);

    private final String workflowId;
    private final List<EventEnvelope<WorkflowEvent>> events = new ArrayList<>();
    private Instant now = T0;

    private History(String workflowId) {
        this.workflowId = workflowId;
    }

    /** An empty history of {@code workflowId}. */
    public static History of(String workflowId) {
        return new History(workflowId);
    }

    /** A history that starts with the submission of {@code definition}. */
    public static History submitted(WorkflowDefinition definition) {
        return of(definition.workflowId()).then(new WorkflowSubmitted(definition, "tester"));
    }

    /** Moves the test clock. */
    public History advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** The test clock. */
    public Instant now() {
        return now;
    }

    /** Appends events at the current time with the next versions. */
    public History then(WorkflowEvent... payloads) {
        for (WorkflowEvent p : payloads) {
            long version = events.size() + 1L;
            events.add(new EventEnvelope<>(workflowId + ":" + version, workflowId, version, now, "test",
                    workflowId, "test", p));
        }
        return this;
    }

    /** Appends already enveloped events (e.g. from a decision), keeping their versions. */
    public History thenAll(List<EventEnvelope<WorkflowEvent>> envelopes) {
        events.addAll(envelopes);
        return this;
    }

    /** The envelope {@code evolve} would accept next for {@code payload}. */
    public EventEnvelope<WorkflowEvent> next(WorkflowEvent payload) {
        long version = events.size() + 1L;
        return new EventEnvelope<>(workflowId + ":" + version, workflowId, version, now, "test", workflowId, "test",
                payload);
    }

    public List<EventEnvelope<WorkflowEvent>> envelopes() {
        return List.copyOf(events);
    }

    /** The fold of the history. */
    public WorkflowState state() {
        return WorkflowEvolver.fold(workflowId, events);
    }

    /** A dispatch of the attempt to {@link #TARGET}, without a deadline. */
    public static TaskDispatched dispatched(String taskId, int attempt) {
        return new TaskDispatched(taskId, attempt, TARGET, new RoutingDecision("least_loaded", List.of(), "test"),
                "python_execution", JsonNodeFactory.instance.objectNode(), null);
    }

    /** A completion of the attempt by {@link #TARGET} with {@code result}. */
    public static TaskCompleted completed(String taskId, int attempt, JsonNode result) {
        return new TaskCompleted(taskId, attempt, result, null, null, TARGET.serviceId(), null);
    }

    /** A completion with a text result. */
    public static TaskCompleted completed(String taskId, int attempt, String result) {
        return completed(taskId, attempt, JsonNodeFactory.instance.textNode(result));
    }
}
