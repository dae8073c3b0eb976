package io.gleitzeit.orchestrator.decider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.definition.BatchSpec;
import io.gleitzeit.definition.ErrorStrategy;
import io.gleitzeit.definition.JsonKind;
import io.gleitzeit.definition.TaskDefinition;
import io.gleitzeit.definition.template.ReferenceException;
import io.gleitzeit.definition.template.ReferenceResolver;
import io.gleitzeit.event.TaskBatchExpanded;
import io.gleitzeit.event.TaskCancelled;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.TaskError;
import io.gleitzeit.event.TaskFailed;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.TaskSkipped;
import io.gleitzeit.state.BatchProgress;
import io.gleitzeit.state.TaskState;
import io.gleitzeit.state.TaskStatus;
import io.gleitzeit.state.WorkflowState;

/**
 * What a batch task does in a decision: it resolves its list when ready ({@code TaskBatchExpanded}), releases its units
 * in item order while fewer than {@code max_concurrency} are unfinished, and ends once every unit has: completed with
 * the units' results in item order, or failed when a unit failed for good under the {@code stop} strategy. Under
 * {@code continue} a failed unit's slot holds {@code {"success": false, "error": …, "error_type": …}}.
 */
final class Batches {
    /** The {@code TaskError.type} of a batch task whose list is not one. */
    static final String ITEMS_ERROR = "batch_items";
    /** The {@code TaskError.type} of a batch task failed by one of its units. */
    static final String UNIT_FAILED = "batch_item_failed";

    private Batches() {
    }

    /** A ready batch task resolves its list: its units exist, the first ones become ready. */
    static void expand(Draft d, TaskState task) {
        BatchSpec spec = d.state().definitionOf(task).batch();
        JsonNode items;
        try {
            items = ReferenceResolver.over(d.state().resultsByName()).resolveNode(spec.items());
        } catch (ReferenceException e) {
            Dispatching.failBeforeDispatch(d, task, new TaskError("batch.items: " + e.getMessage(), "reference",
                    false));
            return;
        }
        if (!items.isArray()) {
            Dispatching.failBeforeDispatch(d, task, new TaskError("batch.items must be a list, was "
                    + JsonKind.of(items), ITEMS_ERROR, false));
            return;
        }
        if (items.size() > BatchSpec.MAX_ITEMS) {
            Dispatching.failBeforeDispatch(d, task, new TaskError("batch.items holds " + items.size()
                    + " elements; the limit is " + BatchSpec.MAX_ITEMS, ITEMS_ERROR, false));
            return;
        }
        d.emit(new TaskBatchExpanded(task.taskId(), task.attempt(), items.size()));
        release(d, task.taskId());
        finishIfAllEnded(d, task.taskId());
    }

    /**
     * The element a unit runs for. Resolved again from the state at each dispatch instead of being stored: the
     * results it comes from never change once recorded, so every dispatch (and every replay) sees the same value.
     */
    static JsonNode element(WorkflowState state, TaskState unit) {
        BatchSpec spec = state.definitionOf(unit).batch();
        int item = BatchProgress.itemOf(unit.taskId());
        ReferenceResolver resolver = ReferenceResolver.over(state.resultsByName());
        return spec.items().isArray()
                ? resolver.resolveNode(spec.items().get(item))
                : resolver.resolveNode(spec.items()).get(item);
    }

    /** A unit completed: the next one may start, and the batch ends when it was the last. */
    static void unitCompleted(Draft d, String unitId) {
        String batchId = BatchProgress.batchOf(unitId);
        release(d, batchId);
        finishIfAllEnded(d, batchId);
    }

    /** A unit failed for good (its retries spent): the error strategy decides. */
    static void unitFailed(Draft d, String unitId) {
        String batchId = BatchProgress.batchOf(unitId);
        if (d.state().definition().errorStrategy() == ErrorStrategy.CONTINUE) {
            unitCompleted(d, unitId);
            return;
        }
        TaskState unit = d.task(unitId);
        String reason = "item " + BatchProgress.itemOf(unitId) + " failed: " + unit.lastError().message();
        endUnits(d, batchId, reason, TaskStatus.SKIPPED);
        TaskState batch = d.task(batchId);
        d.emit(new TaskFailed(batchId, batch.attempt(), new TaskError(reason, UNIT_FAILED, false)));
        Outcomes.afterFailure(d, batchId);
    }

    /**
     * Ends every unfinished unit of a batch: attempts in flight are cancelled (their timeouts removed), the others
     * end as {@code waiting} says ({@link TaskStatus#SKIPPED} when the workflow stops, {@link TaskStatus#CANCELLED}
     * on a cancellation), their retry timers removed.
     */
    static void endUnits(Draft d, String batchId, String reason, TaskStatus waiting) {
        TaskDefinition def = d.state().definitionOf(d.task(batchId));
        for (TaskState unit : d.state().unitsOf(batchId)) {
            if (unit.status().hasAttemptInFlight()) {
                d.emit(new TaskCancelled(unit.taskId(), unit.attempt(), reason));
                if (def.timeout() != null) {
                    d.cancelTimer(TimerKind.TASK_TIMEOUT, unit.taskId(), unit.attempt());
                }
            } else if (!unit.status().isTerminal()) {
                if (unit.status() == TaskStatus.RETRY_WAITING) {
                    d.cancelTimer(TimerKind.RETRY_DUE, unit.taskId(), unit.attempt());
                }
                d.emit(waiting == TaskStatus.CANCELLED
                        ? new TaskCancelled(unit.taskId(), 0, reason)
                        : new TaskSkipped(unit.taskId(), reason));
            }
        }
    }

    /** Makes units ready in item order while the batch has room for them. */
    private static void release(Draft d, String batchId) {
        int window = d.state().definitionOf(d.task(batchId)).batch().maxConcurrency();
        BatchProgress progress = d.state().batch(batchId).orElseThrow();
        while (progress.released() < progress.count() && progress.unfinished() < window) {
            d.emit(new TaskReady(BatchProgress.unitId(batchId, progress.released()), 1));
            progress = d.state().batch(batchId).orElseThrow();
        }
    }

    private static void finishIfAllEnded(Draft d, String batchId) {
        if (!d.state().batch(batchId).orElseThrow().allEnded()) {
            return;
        }
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (TaskState unit : d.state().unitsOf(batchId)) {
            if (unit.status() == TaskStatus.COMPLETED) {
                results.add(unit.result());
            } else {
                // only `continue` lets a batch complete with a unit that did not: that unit failed
                results.addObject().put("success", false).put("error", unit.lastError().message())
                        .put("error_type", unit.lastError().type());
            }
        }
        d.emit(new TaskCompleted(batchId, d.task(batchId).attempt(), results, null, null, null, null));
        Outcomes.releaseDependents(d, batchId);
        Outcomes.finishIfDone(d);
    }
}
