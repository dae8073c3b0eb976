package io.gleitzeit.orchestrator.hub.transport;

import java.util.Map;
import java.util.Set;

/**
 * Decides who a connection is. Called on the connection's I/O thread when it joins {@code /cluster}: with the
 * handshake {@code auth} object when the client sent one, with {@link Credentials#none} otherwise. Must not block.
 *
 * <p>A rejected handshake token refuses the connection (the client gets {@code connect_error}). A connection without
 * any token that is rejected stays connected as {@link Principal#unauthenticated()} so that it can still authenticate
 * by event (the protocol's legacy {@code authenticate}), see {@link HubClient#authenticate(Credentials)}.
 */
@FunctionalInterface
public interface Authenticator {

    Authentication authenticate(Credentials credentials);

    /** Authentication disabled (local development): every connection holds every role. */
    static Authenticator allowAll() {
        Authentication everyone = Authentication.granted(new Principal("anonymous", Set.of(Role.values())));
        return credentials -> everyone;
    }

    /** A fixed table of tokens; anything else, including no token, is rejected. */
    static Authenticator tokens(Map<String, Principal> principalsByToken) {
        Map<String, Principal> table = Map.copyOf(principalsByToken);
        return credentials -> credentials.token()
                .map(table::get)
                .<Authentication>map(Authentication::granted)
                .orElseGet(() -> Authentication.rejected(
                        credentials.token().isPresent() ? "unknown token" : "a token is required"));
    }
}
