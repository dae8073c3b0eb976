package io.gleitzeit.orchestrator.hub.transport;

/**
 * Handles one client event with its decoded payload. Runs on the connection's I/O thread: must not block; do slow
 * work asynchronously and answer {@code ack} when it completes.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface EventHandler<T> {

    void handle(HubClient client, T payload, Ack ack) throws Exception;
}
