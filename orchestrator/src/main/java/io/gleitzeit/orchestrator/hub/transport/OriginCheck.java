package io.gleitzeit.orchestrator.hub.transport;

import com.corundumstudio.socketio.AuthorizationListener;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.HandshakeData;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refuses the Engine.IO handshake (HTTP 401) of browser pages from origins that are not allowed. */
final class OriginCheck implements AuthorizationListener {
    private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);

    private final HubTransportOptions options;

    OriginCheck(HubTransportOptions options) {
        this.options = options;
    }

    @Override
    public AuthorizationResult getAuthorizationResult(HandshakeData data) {
        String origin = data.getHttpHeaders().get(HttpHeaderNames.ORIGIN);
        if (options.allowsOrigin(origin)) {
            return AuthorizationResult.SUCCESSFUL_AUTHORIZATION;
        }
        log.debug("Refused a handshake from origin {} ({})", origin, data.getAddress());
        return AuthorizationResult.FAILED_AUTHORIZATION;
    }
}
