package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who each connection is, kept in the library's per-session store: set from the handshake token, refused, or
 * authenticated without credentials when the client sent none.
 */
final class ConnectionAuth {
    private static final Logger log = LoggerFactory.getLogger(ConnectionAuth.class);
    private static final String PRINCIPAL_KEY = "gleitzeit.principal";
    /** The library keeps a namespace client for a connection whose handshake token was refused, until it leaves. */
    private static final String REFUSED_KEY = "gleitzeit.refused";

    private final Authenticator authenticator;
    private final ObjectMapper mapper;

    ConnectionAuth(Authenticator authenticator, ObjectMapper mapper) {
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    /** The namespace's auth-token listener: runs when a client joins with a handshake {@code auth} object. */
    AuthTokenResult onHandshake(Object authData, SocketIOClient socket) {
        Credentials credentials = Credentials.handshake(
                authData == null ? MissingNode.getInstance() : mapper.valueToTree(authData), socket.getRemoteAddress());
        Authentication result = authenticate(credentials);
        if (result instanceof Authentication.Granted granted) {
            socket.set(PRINCIPAL_KEY, granted.principal());
            return AuthTokenResult.AuthTokenResultSuccess;
        }
        socket.del(PRINCIPAL_KEY);
        socket.set(REFUSED_KEY, Boolean.TRUE);
        String reason = ((Authentication.Rejected) result).reason();
        // Every refusal is logged (who/what/why/where), never the token: Credentials prints only whether one was sent.
        log.warn("Refused connection to {} from {}: {} ({})", HubTransport.NAMESPACE, socket.getRemoteAddress(),
                reason, credentials);
        // Socket.IO v4 clients show "message" and hand "data" to their connect_error handler.
        return new AuthTokenResult(false, Map.of("message", reason, "data", Map.of("code", AckError.UNAUTHORIZED)));
    }

    /**
     * The principal of a joined connection, {@code null} for one whose handshake token was refused. A connection
     * that sent no handshake auth is authenticated without credentials on first use: over polling its first event
     * may be handled on another thread before its connect listener ran.
     */
    Principal principalOf(SocketIOClient socket) {
        Principal principal = socket.get(PRINCIPAL_KEY);
        if (principal != null) {
            return principal;
        }
        if (isRefused(socket)) {
            return null;
        }
        Authentication result = authenticate(Credentials.none(socket.getRemoteAddress()));
        Principal resolved = result instanceof Authentication.Granted granted
                ? granted.principal() : Principal.unauthenticated();
        socket.set(PRINCIPAL_KEY, resolved);
        return resolved;
    }

    /** Authenticates again (the legacy {@code authenticate} event); a granted principal replaces the current one. */
    Authentication reauthenticate(SocketIOClient socket, Credentials credentials) {
        Authentication result = authenticate(credentials);
        if (result instanceof Authentication.Granted granted) {
            socket.set(PRINCIPAL_KEY, granted.principal());
        } else {
            log.warn("Refused authenticate from {} (session {}): {} ({})", socket.getRemoteAddress(),
                    socket.getSessionId(), ((Authentication.Rejected) result).reason(), credentials);
        }
        return result;
    }

    boolean isRefused(SocketIOClient socket) {
        return socket.has(REFUSED_KEY);
    }

    private Authentication authenticate(Credentials credentials) {
        try {
            Authentication result = authenticator.authenticate(credentials);
            return result != null ? result : Authentication.rejected("authentication failed");
        } catch (RuntimeException e) {
            log.error("The authenticator failed for {}", credentials, e);
            return Authentication.rejected("authentication failed");
        }
    }
}
