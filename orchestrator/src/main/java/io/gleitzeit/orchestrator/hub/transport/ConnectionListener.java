package io.gleitzeit.orchestrator.hub.transport;

/**
 * Told when a client joins or leaves {@code /cluster}. Runs on the connection's I/O thread: must not block.
 * A connect listener must not emit to the client (see {@link HubClient#emit}).
 */
@FunctionalInterface
public interface ConnectionListener {

    void on(HubClient client) throws Exception;
}
