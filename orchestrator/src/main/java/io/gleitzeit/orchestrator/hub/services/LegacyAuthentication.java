package io.gleitzeit.orchestrator.hub.services;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.orchestrator.hub.transport.Ack;
import io.gleitzeit.orchestrator.hub.transport.AckError;
import io.gleitzeit.orchestrator.hub.transport.Authentication;
import io.gleitzeit.orchestrator.hub.transport.Credentials;
import io.gleitzeit.orchestrator.hub.transport.HubClient;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.protocol.AuthenticateRequest;
import io.gleitzeit.protocol.AuthenticationFailure;
import io.gleitzeit.protocol.AuthenticationResult;
import io.gleitzeit.protocol.EventNames;
import java.util.Map;

/**
 * The original protocol's {@code authenticate} event, for clients and services that present their token after
 * connecting instead of in the handshake: answered by the event {@code authenticated {success: true}} or
 * {@code authentication_failed {error}}, and through the ack when one was asked for. Open to every connection (it
 * is how a connection without a role gets one).
 */
public final class LegacyAuthentication {
    private LegacyAuthentication() {
    }

    /** Registers the handler on the transport (before it starts). */
    public static void install(HubTransport transport) {
        transport.on(EventNames.AUTHENTICATE, AuthenticateRequest.class, LegacyAuthentication::authenticate);
    }

    private static void authenticate(HubClient client, AuthenticateRequest request, Ack ack) {
        ObjectNode auth = JsonNodeFactory.instance.objectNode();
        if (request.token() != null) {
            auth.put("token", request.token());
        }
        Authentication result = client.authenticate(Credentials.handshake(auth, client.remoteAddress()));
        if (result instanceof Authentication.Granted granted) {
            client.emit(EventNames.AUTHENTICATED, new AuthenticationResult(true));
            ack.ok(Map.of("roles", granted.principal().roles().stream().map(r -> r.wireName()).sorted().toList()));
        } else {
            String reason = ((Authentication.Rejected) result).reason();
            client.emit(EventNames.AUTHENTICATION_FAILED, new AuthenticationFailure(reason));
            ack.error(AckError.of(AckError.UNAUTHORIZED, reason));
        }
    }
}
