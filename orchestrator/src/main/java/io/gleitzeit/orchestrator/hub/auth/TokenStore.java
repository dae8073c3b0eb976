package io.gleitzeit.orchestrator.hub.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's tokens, in Redis under the cluster's key prefix so that every replica sees the same set:
 * {@code <prefix>auth:tokens} (hash: id → record JSON, with the token's SHA-256, never the token) and
 * {@code <prefix>auth:names} (hash: name → id, which keeps names unique).
 *
 * <p>Blocking (Lettuce's synchronous API): for the token CLI and for {@link StoredTokenAuthenticator}'s background
 * refresh, never for a hub I/O thread.
 */
public final class TokenStore {
    private static final Logger log = LoggerFactory.getLogger(TokenStore.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final RedisClusterCommands<String, String> redis;
    private final String tokensKey;
    private final String namesKey;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public TokenStore(RedisClusterCommands<String, String> redis, String keyPrefix, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.tokensKey = keyPrefix + "auth:tokens";
        this.namesKey = keyPrefix + "auth:names";
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Issues a token.
     *
     * @param validFor how long it works; empty for ever
     * @throws IllegalArgumentException when the name is malformed or taken, or {@code validFor} is not positive
     */
    public IssuedToken create(Role role, String name, Optional<Duration> validFor) {
        Objects.requireNonNull(role, "role");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1 to 64 characters of letters, digits, '.', '_', '@' "
                    + "or '-', starting with a letter or digit, was " + name);
        }
        if (validFor.isPresent() && (validFor.get().isZero() || validFor.get().isNegative())) {
            throw new IllegalArgumentException("expires must be a positive duration, was " + validFor.get());
        }
        String id = TokenHash.newId();
        if (!redis.hsetnx(namesKey, name, id)) {
            throw new IllegalArgumentException("name '" + name + "' already has a token; revoke it first");
        }
        String secret = TokenHash.newToken();
        Instant now = clock.instant();
        TokenRecord record = new TokenRecord(id, name, role, TokenHash.hash(secret), now,
                validFor.map(now::plus).orElse(null));
        redis.hset(tokensKey, id, toJson(record));
        return new IssuedToken(record, secret);
    }

    /** Every token, oldest first (records only; the store has no secrets). Unreadable entries are skipped, logged. */
    public List<TokenRecord> list() {
        Map<String, String> all = redis.hgetall(tokensKey);
        List<TokenRecord> records = new ArrayList<>(all.size());
        all.forEach((id, value) -> {
            try {
                records.add(fromJson(value));
            } catch (RuntimeException | JsonProcessingException e) {
                log.error("Token entry {} in {} is unreadable and is ignored: {}", id, tokensKey, e.getMessage());
            }
        });
        records.sort(Comparator.comparing(TokenRecord::createdAt).thenComparing(TokenRecord::name));
        return records;
    }

    /**
     * Revokes the token with that id or name.
     *
     * @return the revoked record, empty when there is none
     */
    public Optional<TokenRecord> revoke(String nameOrId) {
        Objects.requireNonNull(nameOrId, "nameOrId");
        Optional<TokenRecord> found = list().stream()
                .filter(r -> r.id().equals(nameOrId) || r.name().equals(nameOrId))
                .findFirst();
        found.ifPresent(r -> {
            redis.hdel(tokensKey, r.id());
            redis.hdel(namesKey, r.name());
        });
        return found;
    }

    private String toJson(TokenRecord r) {
        ObjectNode node = json.createObjectNode()
                .put("id", r.id()).put("name", r.name()).put("role", r.role().wireName()).put("hash", r.hash())
                .put("created_at", r.createdAt().toString());
        r.expiry().ifPresent(e -> node.put("expires_at", e.toString()));
        return node.toString();
    }

    private TokenRecord fromJson(String value) throws JsonProcessingException {
        JsonNode node = json.readTree(value);
        JsonNode expires = node.path("expires_at");
        return new TokenRecord(node.path("id").textValue(), node.path("name").textValue(),
                Role.fromWireName(node.path("role").asText()), node.path("hash").textValue(),
                Instant.parse(node.path("created_at").asText()),
                expires.isTextual() ? Instant.parse(expires.asText()) : null);
    }
}
