package io.gleitzeit.orchestrator.decider;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.event.DispatchTarget;
import io.gleitzeit.event.TaskEvent;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.orchestrator.routing.RoutingSnapshot;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import io.gleitzeit.state.WorkflowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One decision in the making. Every event is folded into the working state as soon as it is emitted, so the rules
 * that follow see its effect, and an event the lifecycle tables do not allow fails the decision at once instead of
 * reaching the log.
 */
final class Draft {
    private final WorkflowState initial;
    private final Instant now;
    private final List<WorkflowEvent> events = new ArrayList<>();
    private final List<TimerChange> timers = new ArrayList<>();
    private WorkflowState state;
    private RoutingSnapshot routing;
    private boolean workflowTimerFired;

    Draft(WorkflowState state, DecisionContext context) {
        this.initial = state;
        this.state = state;
        this.now = context.now();
        this.routing = context.routing();
    }

    WorkflowState state() {
        return state;
    }

    Instant now() {
        return now;
    }

    RoutingSnapshot routing() {
        return routing;
    }

    boolean workflowRunning() {
        return state.status() == WorkflowStatus.RUNNING;
    }

    TaskState task(String taskId) {
        return state.task(taskId).orElseThrow();
    }

    void emit(WorkflowEvent event) {
        WorkflowState before = state;
        state = WorkflowEvolver.evolve(state, event, now);
        events.add(event);
        if (event instanceof TaskEvent t) {
            TaskState was = before.task(t.taskId()).orElseThrow();
            if (was.status().hasAttemptInFlight() && !task(t.taskId()).status().hasAttemptInFlight()) {
                // load figures come from appended events, so the snapshot still counts the attempt ending here
                routing = routing.afterAttemptEnded(was.target());
            }
        }
    }

    /** The service is gone: nothing of this decision may be routed to it. */
    void serviceGone(String serviceId) {
        routing = routing.without(serviceId);
    }

    boolean hasEvents() {
        return !events.isEmpty();
    }

    /** Counts a dispatch against the service's (and endpoint's) capacity for the rest of this decision. */
    void dispatchedTo(DispatchTarget target) {
        routing = routing.afterDispatch(target);
    }

    void schedule(TimerKind kind, String taskId, int attempt, Instant dueAt) {
        timers.add(new TimerChange.Schedule(state.workflowId(), new FireTimer(kind, taskId, attempt), dueAt));
    }

    void cancelTimer(TimerKind kind, String taskId, int attempt) {
        timers.add(new TimerChange.Cancel(state.workflowId(), new FireTimer(kind, taskId, attempt)));
    }

    /** The workflow's own timer fired with this command, so finishing must not cancel it. */
    void workflowTimerFired() {
        workflowTimerFired = true;
    }

    /** Removes the workflow timer, if the workflow has one that is still set. */
    void cancelWorkflowTimer() {
        if (state.definition().timeout() != null && !workflowTimerFired) {
            timers.add(new TimerChange.Cancel(state.workflowId(), new FireTimer(TimerKind.WORKFLOW_TIMEOUT, null, 0)));
        }
    }

    Decision decision(Rule rule) {
        boolean waitedBefore = initial.hasReadyTasks();
        boolean waitsNow = state.hasReadyTasks();
        ReadyQueueChange queue = waitedBefore == waitsNow ? ReadyQueueChange.UNCHANGED
                : waitsNow ? ReadyQueueChange.WAITING : ReadyQueueChange.NOT_WAITING;
        return new Decision(rule, events, timers, queue, state);
    }
}
