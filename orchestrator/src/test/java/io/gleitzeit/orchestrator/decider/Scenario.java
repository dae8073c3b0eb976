package io.gleitzeit.orchestrator.decider;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.command.WorkflowCommand;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.orchestrator.routing.ServiceCandidate;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.testing.History;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow driven through the decider as the runtime would: each decision's events are recorded with the decision
 * time, and after every step the fold of the record must equal the decider's state.
 */
final class Scenario {
    static final Instant T0 = History.T0;

    /** A function service with four slots. */
    static final ServiceCandidate FUNCTIONS = ServiceCandidate.newBuilder("svc-f", "fn-worker", "hub-1")
            .serviceType("function").taskTypes("python_execution").maxConcurrent(4).build();
    /** A local LLM service with two slots. */
    static final ServiceCandidate OLLAMA = ServiceCandidate.newBuilder("svc-o", "ollama", "hub-2")
            .serviceType("llm").taskTypes("llm_generation", "vision").providers("internal").maxConcurrent(2).build();

    private final Decider decider = new Decider();
    private final String workflowId;
    private final List<EventEnvelope<WorkflowEvent>> recorded = new ArrayList<>();
    private WorkflowState state;
    private Instant now = T0;
    private RoutingSnapshot routing = RoutingSnapshot.of(FUNCTIONS, OLLAMA);
    private int commands;
    private Decision lastDecision;

    private Scenario(String workflowId) {
        this.workflowId = workflowId;
        this.state = WorkflowState.initial(workflowId);
    }

    /** A workflow not submitted yet. */
    static Scenario of(String workflowId) {
        return new Scenario(workflowId);
    }

    /** The workflow submitted with the default services. */
    static Scenario submitted(WorkflowDefinition definition) {
        Scenario s = new Scenario(definition.workflowId());
        s.apply(new SubmitWorkflow(definition, "tester"));
        return s;
    }

    /** The workflow submitted while these services are connected. */
    static Scenario submitted(WorkflowDefinition definition, RoutingSnapshot routing) {
        Scenario s = new Scenario(definition.workflowId()).routing(routing);
        s.apply(new SubmitWorkflow(definition, "tester"));
        return s;
    }

    Scenario routing(RoutingSnapshot value) {
        routing = value;
        return this;
    }

    Scenario advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    Instant now() {
        return now;
    }

    /** The decision for {@code command} now, without recording it. */
    Decision decide(WorkflowCommand command) {
        return decider.decide(state, envelope(command), new DecisionContext(now, routing));
    }

    /** Decides and records; returns the decision. */
    Decision apply(WorkflowCommand command) {
        Decision d = decide(command);
        long version = state.version();
        for (WorkflowEvent e : d.events()) {
            version++;
            recorded.add(new EventEnvelope<>(workflowId + ":" + version, workflowId, version, now, "cmd", workflowId,
                    "test", e));
        }
        state = d.state();
        lastDecision = d;
        assertThat(WorkflowEvolver.fold(workflowId, recorded)).as("fold of the recorded events").isEqualTo(state);
        return d;
    }

    /** Applies several commands, in order. */
    Scenario given(WorkflowCommand... commands) {
        for (WorkflowCommand c : commands) {
            apply(c);
        }
        return this;
    }

    WorkflowState state() {
        return state;
    }

    TaskState task(String taskId) {
        return state.task(taskId).orElseThrow();
    }

    List<EventEnvelope<WorkflowEvent>> recorded() {
        return List.copyOf(recorded);
    }

    /** The payloads of every recorded event. */
    List<WorkflowEvent> recordedEvents() {
        return recorded.stream().map(EventEnvelope::payload).toList();
    }

    /** The decision last applied. */
    Decision lastDecision() {
        return lastDecision;
    }

    private CommandEnvelope envelope(WorkflowCommand command) {
        return new CommandEnvelope("cmd-" + ++commands, workflowId, now, "test", null, command);
    }
}
