package io.gleitzeit.orchestrator.hub.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gleitzeit.orchestrator.hub.transport.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One issued token as the store keeps it: never the token itself, only its SHA-256 ({@link TokenHash}).
 *
 * @param id        random, public: how {@code token list} and {@code token revoke} refer to it
 * @param name      unique, chosen by the operator (a service name, a person); shown in logs as the principal
 * @param role      what the token may do
 * @param hash      hex SHA-256 of the token
 * @param createdAt when it was issued
 * @param expiresAt when it stops working; {@code null} for never
 */
public record TokenRecord(
        String id,
        String name,
        Role role,
        String hash,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt) {

    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "created_at");
    }

    /** When it stops working, if ever. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** Whether it still works at {@code now}. */
    public boolean validAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        // The hash is not a secret (the token has 256 random bits), but it has no business in logs either.
        return "TokenRecord[id=" + id + ", name=" + name + ", role=" + role.wireName() + ", createdAt=" + createdAt
                + ", expiresAt=" + expiresAt + "]";
    }
}
