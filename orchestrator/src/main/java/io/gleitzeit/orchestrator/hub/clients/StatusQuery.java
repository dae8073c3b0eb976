package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.EventHandler;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.WorkflowRequest;
import io.gleitzeit.protocol.WorkflowStatusResponse;
import java.util.Map;

/**
 * {@code workflow:status}: answers {@code {ok, workflow}} with the fold of the workflow's events, and emits the
 * legacy {@code workflow:status_response {workflow_id, status}} for clients of the original Gleitzeit that listen
 * for it instead of passing an ack ({@code status} is {@code not_found} for an unknown id).
 */
final class StatusQuery implements EventHandler<WorkflowRequest> {
    static final String NOT_FOUND_STATUS = "not_found";

    private final WorkflowHistory history;

    StatusQuery(WorkflowHistory history) {
        this.history = history;
    }

    @Override
    public void handle(HubClient client, WorkflowRequest request, Ack ack) {
        String id = request.workflowId();
        Reply.answer(history.load(id).thenApply(state -> {
            if (!state.isSubmitted()) {
                client.emit(EventNames.WORKFLOW_STATUS_RESPONSE, new WorkflowStatusResponse(id, NOT_FOUND_STATUS));
                return Reply.error(ClientErrors.NOT_FOUND, "no workflow has the id " + id);
            }
            WorkflowView view = WorkflowView.of(state);
            client.emit(EventNames.WORKFLOW_STATUS_RESPONSE, new WorkflowStatusResponse(id, view.status()));
            return Reply.ok(Map.of("workflow", view));
        }), ack);
    }
}
