package io.gleitzeit.orchestrator.decider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.RetryPolicy;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskRetryScheduled;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.WorkflowFailed;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** What follows a task's completion or failure: dependents, retries, the error strategy, the workflow's end. */
final class Outcomes {
    private Outcomes() {
    }

    /** After TaskCompleted: dependents whose dependencies all completed become ready. */
    static void releaseDependents(Draft d, String completedTaskId) {
        for (String dependentId : d.state().dependentsOf(completedTaskId)) {
            TaskState dependent = d.task(dependentId);
            if (dependent.status() == TaskStatus.PENDING && allDependenciesCompleted(d.state(), dependentId)) {
                d.emit(new TaskReady(dependentId, 1));
            }
        }
    }

    private static boolean allDependenciesCompleted(WorkflowState state, String taskId) {
        for (String dep : state.dependenciesOf(taskId)) {
            if (state.task(dep).orElseThrow().status() != TaskStatus.COMPLETED) {
                return false;
            }
        }
        return true;
    }

    /**
     * After TaskFailed or TaskTimedOut (already emitted): another attempt when the error is retryable and the policy
     * allows one, else the failure is final and the error strategy applies.
     */
    static void afterFailure(Draft d, String taskId) {
        TaskState task = d.task(taskId);
        RetryPolicy policy = d.state().definitionOf(task).retry();
        TaskError error = task.lastError();
        if (error.retryable() && task.attempt() < policy.maxAttempts()) {
            Duration delay = Backoffs.delay(policy, taskId, task.attempt());
            int next = task.attempt() + 1;
            d.emit(new TaskRetryScheduled(taskId, next, delay, d.now().plus(delay)));
            d.schedule(TimerKind.RETRY_DUE, taskId, next, d.now().plus(delay));
            return;
        }
        if (d.state().isUnit(taskId)) {
            Batches.unitFailed(d, taskId);
            return;
        }
        if (d.state().definition().errorStrategy() == ErrorStrategy.STOP) {
            stop(d, "task '" + task.name() + "' failed: " + error.message());
            return;
        }
        skipDependents(d, task);
        finishIfDone(d);
    }

    /** CONTINUE: everything that depends on the failed task, directly or not, will never run. */
    private static void skipDependents(Draft d, TaskState failed) {
        Deque<String> todo = new ArrayDeque<>(d.state().dependentsOf(failed.taskId()));
        while (!todo.isEmpty()) {
            TaskState t = d.task(todo.poll());
            if (!t.status().isTerminal()) {
                d.emit(new TaskSkipped(t.taskId(), "dependency '" + failed.name() + "' failed"));
                todo.addAll(d.state().dependentsOf(t.taskId()));
            }
        }
    }

    /**
     * Ends a running workflow as failed: attempts in flight are cancelled, every other unfinished task is skipped,
     * their timers removed. A running batch task is cancelled after its units (in flight: cancelled; else skipped).
     */
    static void stop(Draft d, String reason) {
        for (TaskState t : d.state().tasksInOrder()) {
            TaskDefinition def = d.state().definitionOf(t);
            if (t.status() == TaskStatus.BATCH_RUNNING) {
                Batches.endUnits(d, t.taskId(), reason, TaskStatus.SKIPPED);
                d.emit(new TaskCancelled(t.taskId(), 0, reason));
            } else if (t.status().hasAttemptInFlight()) {
                d.emit(new TaskCancelled(t.taskId(), t.attempt(), reason));
                if (def.timeout() != null) {
                    d.cancelTimer(TimerKind.TASK_TIMEOUT, t.taskId(), t.attempt());
                }
            } else if (!t.status().isTerminal()) {
                d.emit(new TaskSkipped(t.taskId(), reason));
                if (t.status() == TaskStatus.RETRY_WAITING) {
                    d.cancelTimer(TimerKind.RETRY_DUE, t.taskId(), t.attempt());
                }
            }
        }
        failWorkflow(d, reason);
    }

    /** Ends the workflow when every task has finished: completed if all completed, else failed. */
    static void finishIfDone(Draft d) {
        WorkflowState s = d.state();
        if (!d.workflowRunning() || !s.counts().allTerminal()) {
            return;
        }
        if (s.counts().completed() == s.counts().total()) {
            d.cancelWorkflowTimer();
            d.emit(new WorkflowCompleted(s.counts().completed(), Map.<String, JsonNode>copyOf(s.resultsByName())));
        } else {
            failWorkflow(d, s.counts().failed() + " of " + s.counts().total() + " tasks failed");
        }
    }

    private static void failWorkflow(Draft d, String reason) {
        WorkflowState s = d.state();
        Map<String, String> errors = new HashMap<>();
        for (TaskState t : s.tasksInOrder()) {
            if (t.status() == TaskStatus.FAILED) {
                errors.put(t.name(), t.lastError().message());
            }
        }
        d.cancelWorkflowTimer();
        d.emit(new WorkflowFailed(reason, s.counts().completed(), s.counts().failed(),
                Map.<String, JsonNode>copyOf(s.resultsByName()), errors));
    }
}
