package io.gleitzeit.orchestrator.hub.transport;

/** Which size limit a handler's payloads are held to before the handler sees them. */
public enum PayloadLimit {
    /**
     * {@link HubTransportOptions#maxEventPayloadBytes()}: a larger payload is answered {@code payload_too_large}
     * and never reaches the handler. What every event gets unless its handler says otherwise.
     */
    EVENT,
    /**
     * Only the frame limit ({@link HubTransportOptions#maxFramePayloadBytes()}): the handler checks what it carries
     * against a limit of its own (a workflow document's size, a task result's), with an answer that says more.
     */
    HANDLER
}
