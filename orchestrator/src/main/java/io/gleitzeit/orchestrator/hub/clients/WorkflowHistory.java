package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.log.EventReader;
import io.gleitzeit.state.WorkflowEvolver;
import io.gleitzeit.state.WorkflowState;
import java.util.concurrent.CompletionStage;

/** A workflow's current state, folded from its events (the log is the truth; there is no state cache to trust). */
final class WorkflowHistory {
    private final EventReader reader;

    WorkflowHistory(EventReader reader) {
        this.reader = reader;
    }

    /** The state; {@link WorkflowState#isSubmitted()} is false when the workflow does not exist. */
    CompletionStage<WorkflowState> load(String workflowId) {
        return reader.readWorkflow(workflowId, 0).thenApply(events -> WorkflowEvolver.fold(workflowId, events));
    }
}
