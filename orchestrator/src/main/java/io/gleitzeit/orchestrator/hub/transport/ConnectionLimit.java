package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses the Engine.IO handshake (HTTP 401) of one connection more than
 * {@link HubTransportOptions#maxConnectionsPerAddress()} from the same IP address, after the origin check. Counts the
 * connections that joined {@code /cluster}.
 */
final class ConnectionLimit implements AuthorizationListener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

    private final AuthorizationListener next;
    private final int maxPerAddress;
    private volatile SocketIONamespace namespace;

    ConnectionLimit(AuthorizationListener next, int maxPerAddress) {
        this.next = next;
        this.maxPerAddress = maxPerAddress;
    }

    /** The namespace to count in; exists only after the server that holds this listener was created. */
    void countIn(SocketIONamespace value) {
        namespace = value;
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        AuthorizationResult result = next.getAuthorizationResult(data);
        SocketIONamespace counted = namespace;
        if (!result.isAuthorized() || maxPerAddress == 0 || counted == null) {
            return result;
        }
        InetAddress address = ip(data.getAddress());
        if (address == null) {
            return result;
        }
        long open = 0;
        for (SocketIOClient client : counted.getAllClients()) {
            if (address.equals(ip(client.getRemoteAddress()))) {
                open++;
            }
        }
        if (open >= maxPerAddress) {
            log.warn("Refused a connection from {}: it already has {} connections (max_connections_per_address)",
                    address.getHostAddress(), open);
            return AuthorizationResult.FAILED_AUTHORIZATION;
        }
        return result;
    }

    private static InetAddress ip(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
