package io.gleitzeit.projections.workflows;

import java.util.Objects;

/**
 * A workflow summary as stored, with what the model needs to follow its tasks: each task's status and priority in
 * document order (task {@code <wf>/<i>} is character {@code i}), one character each, to keep the record small.
 *
 * @param summary    what readers get
 * @param taskStates per task, {@code 'a' + TaskStatus.ordinal()}
 * @param priorities per task, {@code '0' + Priority.ordinal()}
 */
record StoredWorkflow(WorkflowSummary summary, String taskStates, String priorities) {
    StoredWorkflow {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(taskStates, "taskStates");
        Objects.requireNonNull(priorities, "priorities");
    }
}
