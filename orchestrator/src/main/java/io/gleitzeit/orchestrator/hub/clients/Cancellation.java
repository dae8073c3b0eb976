package io.gleitzeit.orchestrator.hub.clients;

import io.gleitzeit.command.CancelWorkflow;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.orchestrator.hub.rooms.StatusNames;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.EventHandler;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.protocol.WorkflowCancelRequest;
import io.gleitzeit.state.WorkflowState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code workflow:cancel}: refuses an unknown ({@code not_found}) or finished ({@code already_finished}) workflow,
 * else sends {@link CancelWorkflow}. The decider answers it with {@code TaskCancelled} for every unfinished task
 * (carrying the attempt in flight, which is what the hub holding the service's socket turns into
 * {@code task:cancel}) and {@code WorkflowCancelled}, which the room relay announces as {@code workflow:cancelled}.
 */
final class Cancellation implements EventHandler<WorkflowCancelRequest> {
    static final String DEFAULT_REASON = "cancelled by the client";

    private final ClientDependencies deps;
    private final WorkflowHistory history;

    Cancellation(ClientDependencies deps, WorkflowHistory history) {
        this.deps = deps;
        this.history = history;
    }

    @Override
    public void handle(HubClient client, WorkflowCancelRequest request, Ack ack) {
        String id = request.workflowId();
        Reply.answer(history.load(id).thenCompose(state -> cancel(client, request, state)), ack);
    }

    private CompletionStage<Reply> cancel(HubClient client, WorkflowCancelRequest request, WorkflowState state) {
        String id = request.workflowId();
        if (!state.isSubmitted()) {
            return CompletableFuture.completedFuture(Reply.error(ClientErrors.NOT_FOUND, "no workflow has the id " + id));
        }
        if (state.status().isTerminal()) {
            return CompletableFuture.completedFuture(Reply.error(ClientErrors.ALREADY_FINISHED,
                    "workflow " + id + " is already " + StatusNames.of(state.status())));
        }
        String reason = request.reason() == null || request.reason().isBlank() ? DEFAULT_REASON : request.reason();
        // Deterministic: a repeated cancel is the same command, and the decider ignores it once the workflow ended.
        CommandEnvelope command = new CommandEnvelope("cancel:" + id, id, deps.clock().instant(), deps.hubId(), id,
                new CancelWorkflow(reason, client.principal().name()));
        return deps.log().send(command).thenApply(position -> Reply.ok(null));
    }
}
