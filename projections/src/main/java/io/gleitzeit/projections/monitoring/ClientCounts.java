package io.gleitzeit.projections.monitoring;

/**
 * What only the hub knows: how many connections it holds. The projections cannot derive these from events.
 *
 * @param connectedClients  connected clients of any role
 * @param monitoringClients connections subscribed to monitoring
 */
public record ClientCounts(int connectedClients, int monitoringClients) {
    public ClientCounts {
        if (connectedClients < 0 || monitoringClients < 0) {
            throw new IllegalArgumentException("client counts must not be negative");
        }
    }

    /** No clients (tools without a hub). */
    public static final ClientCounts NONE = new ClientCounts(0, 0);
}
