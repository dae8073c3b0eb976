package io.gleitzeit.orchestrator.hub.clients;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.PayloadLimit;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.protocol.WorkflowCancelRequest;
import io.gleitzeit.protocol.WorkflowListRequest;
import io.gleitzeit.protocol.WorkflowRequest;
import java.util.Objects;

/**
 * The client events of PROTOCOL.md ("Clients") on a {@link HubTransport}: {@code workflow:submit},
 * {@code workflow:status}, {@code workflow:cancel}, {@code workflow:subscribe} / {@code workflow:unsubscribe} (ext)
 * and {@code workflow:list} (ext), each for connections holding the {@code client} role (or {@code admin}).
 * Every request is answered through its ack; the error codes are {@link ClientErrors}' and the transport's.
 *
 * <p>What happens to a workflow afterwards reaches its subscribers through the room relay
 * ({@code io.gleitzeit.orchestrator.hub.rooms}), which a hub installs beside these handlers.
 */
public final class ClientHandlers {
    private ClientHandlers() {
    }

    /**
     * Registers the handlers on {@code transport} (before it starts).
     *
     * @throws IllegalArgumentException when the transport's frame or HTTP content limit is below the parser's
     *                                  document size limit: a document the parser would accept could not arrive
     * @throws IllegalStateException    when one of the events already has a handler
     */
    public static void install(HubTransport transport, ClientDependencies deps) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(deps, "deps");
        int documentLimit = deps.parser().limits().maxDocumentBytes();
        int frameLimit = Math.min(transport.options().maxFramePayloadBytes(),
                transport.options().maxHttpContentBytes());
        if (frameLimit < documentLimit) {
            throw new IllegalArgumentException("the transport accepts frames of at most " + frameLimit
                    + " bytes, less than the document limit of " + documentLimit + " bytes: raise "
                    + "max_frame_payload_bytes and max_http_content_bytes, or lower max_document_bytes");
        }
        WorkflowHistory history = new WorkflowHistory(deps.log());
        Subscriptions subscriptions = new Subscriptions(history);
        // The parser checks a document's size against its own limit and says so by JSON path.
        transport.on(EventNames.WORKFLOW_SUBMIT, JsonNode.class, Role.CLIENT, PayloadLimit.HANDLER,
                        new Submission(deps, history))
                .on(EventNames.WORKFLOW_STATUS, WorkflowRequest.class, Role.CLIENT, new StatusQuery(history))
                .on(EventNames.WORKFLOW_CANCEL, WorkflowCancelRequest.class, Role.CLIENT,
                        new Cancellation(deps, history))
                .on(EventNames.WORKFLOW_SUBSCRIBE, WorkflowRequest.class, Role.CLIENT, subscriptions.subscribe())
                .on(EventNames.WORKFLOW_UNSUBSCRIBE, WorkflowRequest.class, Role.CLIENT, subscriptions.unsubscribe())
                .on(EventNames.WORKFLOW_LIST, WorkflowListRequest.class, Role.CLIENT, new ListQuery(deps.summaries()));
    }
}
