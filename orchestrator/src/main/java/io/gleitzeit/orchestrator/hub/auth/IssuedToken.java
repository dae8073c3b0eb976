package io.gleitzeit.orchestrator.hub.auth;

import java.util.Objects;

/**
 * A token just created: the only moment its secret exists outside the client that holds it. The store keeps only
 * {@link TokenRecord#hash()}.
 */
public record IssuedToken(TokenRecord record, String secret) {
    public IssuedToken {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedToken[" + record + ", secret=<hidden>]";
    }
}
