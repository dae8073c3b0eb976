package io.gleitzeit.orchestrator.hub.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.SubmitWorkflow;
import io.gleitzeit.definition.WorkflowDefinition;
import io.gleitzeit.definition.WorkflowValidationException;
import io.gleitzeit.event.WorkflowSubmitted;
import io.gleitzeit.event.codec.GleitzeitJson;
import io.gleitzeit.orchestrator.hub.rooms.WorkflowRooms;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.AckError;
import io.gleitzeit.orchestrator.hub.transport.EventHandler;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.orchestrator.hub.transport.Problem;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code workflow:submit}: validates the document (every problem listed, nothing stored), answers a resubmission
 * under the same client {@code workflow_id} as a duplicate (or a conflict when the document differs), else sends
 * {@link SubmitWorkflow} to the workflow's partition. The submitting connection joins the workflow's room before
 * the command is sent, so it cannot miss {@code workflow:started}.
 */
final class Submission implements EventHandler<JsonNode> {
    private static final String WORKFLOW_ID = "workflow_id";

    private final ClientDependencies deps;
    private final WorkflowHistory history;
    private final ObjectMapper mapper = GleitzeitJson.newMapper();

    Submission(ClientDependencies deps, WorkflowHistory history) {
        this.deps = deps;
        this.history = history;
    }

    @Override
    public void handle(HubClient client, JsonNode document, Ack ack) {
        WorkflowDefinition definition;
        try {
            definition = deps.parser().parse(document);
        } catch (WorkflowValidationException e) {
            ack.error(new AckError(ClientErrors.INVALID_WORKFLOW, e.getMessage(), e.problems().stream()
                    .map(p -> new Problem(p.path(), p.message())).toList()));
            return;
        }
        // Only a client-chosen id can have been submitted before; a generated one is new by construction.
        CompletionStage<Reply> reply = document.hasNonNull(WORKFLOW_ID)
                ? history.load(definition.workflowId()).thenCompose(state -> state.isSubmitted()
                        ? CompletableFuture.completedFuture(resubmitted(client, definition, state.definition()))
                        : submit(client, definition))
                : submit(client, definition);
        Reply.answer(reply, ack);
    }

    private CompletionStage<Reply> submit(HubClient client, WorkflowDefinition definition) {
        String id = definition.workflowId();
        client.join(WorkflowRooms.of(id));
        // A deterministic command id: a client retrying the same submission sends the same command again.
        CommandEnvelope command = new CommandEnvelope("submit:" + id, id, deps.clock().instant(), deps.hubId(), id,
                new SubmitWorkflow(definition, client.principal().name()));
        return deps.log().send(command).thenApply(position -> Reply.ok(Map.of(WORKFLOW_ID, id)));
    }

    private Reply resubmitted(HubClient client, WorkflowDefinition submitted, WorkflowDefinition stored) {
        String id = submitted.workflowId();
        // Compared as JSON, the form the stored definition went through, so number and map types cannot differ.
        if (!mapper.valueToTree(new WorkflowSubmitted(submitted, "")).equals(
                mapper.valueToTree(new WorkflowSubmitted(stored, "")))) {
            return Reply.error(ClientErrors.CONFLICT, "workflow " + id
                    + " was already submitted with a different document; choose another workflow_id");
        }
        client.join(WorkflowRooms.of(id));
        return Reply.ok(Map.of(WORKFLOW_ID, id, "duplicate", true));
    }
}
