package io.gleitzeit.orchestrator.hub.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connection presented to prove who it is: the Socket.IO handshake {@code auth} object (the protocol's
 * {@code {"token": "..."}}), or nothing.
 */
public final class Credentials {
    private final JsonNode auth;
    private final SocketAddress remoteAddress;

    private Credentials(JsonNode auth, SocketAddress remoteAddress) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.remoteAddress = remoteAddress;
    }

    /** The handshake's {@code auth} object as sent. */
    public static Credentials handshake(JsonNode auth, SocketAddress remoteAddress) {
        return new Credentials(auth == null ? MissingNode.getInstance() : auth, remoteAddress);
    }

    /** A connection that sent no {@code auth} object (legacy clients authenticate later by event). */
    public static Credentials none(SocketAddress remoteAddress) {
        return new Credentials(MissingNode.getInstance(), remoteAddress);
    }

    /** The {@code token} field, when the client sent a non-blank string there. */
    public Optional<String> token() {
        JsonNode token = auth.path("token");
        return token.isTextual() && !token.asText().isBlank() ? Optional.of(token.asText()) : Optional.empty();
    }

    /** The whole {@code auth} object; {@link MissingNode} when none was sent. */
    public JsonNode auth() {
        return auth;
    }

    /** Where the connection comes from; may be {@code null} when unknown. */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        // Never print the token.
        return "Credentials[token=" + (token().isPresent() ? "<present>" : "<none>") + ", remote=" + remoteAddress + "]";
    }
}
