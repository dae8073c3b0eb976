package io.gleitzeit.orchestrator.hub.transport;

/** How a client is connected right now; clients with default settings start on polling and upgrade. */
public enum ClientTransport {
    WEBSOCKET,
    POLLING
}
