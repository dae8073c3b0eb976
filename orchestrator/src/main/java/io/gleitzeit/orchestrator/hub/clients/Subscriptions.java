package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.orchestrator.hub.rooms.StatusNames;
import io.gleitzeit.orchestrator.hub.rooms.WorkflowRooms;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.EventHandler;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.protocol.WorkflowRequest;
import java.util.Map;

/**
 * {@code workflow:subscribe} (ext) and {@code workflow:unsubscribe} (ext): joining and leaving a workflow's room.
 * Subscribing answers the workflow's current status, so a client that joins late knows where it stands before the
 * next room event arrives.
 */
final class Subscriptions {
    private final WorkflowHistory history;

    Subscriptions(WorkflowHistory history) {
        this.history = history;
    }

    EventHandler<WorkflowRequest> subscribe() {
        return (client, request, ack) -> subscribe(client, request, ack);
    }

    EventHandler<WorkflowRequest> unsubscribe() {
        return (client, request, ack) -> {
            client.leave(WorkflowRooms.of(request.workflowId()));
            ack.ok();
        };
    }

    private void subscribe(HubClient client, WorkflowRequest request, Ack ack) {
        String id = request.workflowId();
        Reply.answer(history.load(id).thenApply(state -> {
            if (!state.isSubmitted()) {
                return Reply.error(ClientErrors.NOT_FOUND, "no workflow has the id " + id);
            }
            client.join(WorkflowRooms.of(id));
            return Reply.ok(Map.of("workflow_id", id, "status", StatusNames.of(state.status())));
        }), ack);
    }
}
