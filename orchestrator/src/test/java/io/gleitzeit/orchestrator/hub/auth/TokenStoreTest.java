package io.gleitzeit.orchestrator.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.orchestrator.hub.transport.Authentication;
import io.gleitzeit.orchestrator.hub.transport.Credentials;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens in real Redis: hashed at rest, unique names, revocation and expiry seen by the authenticator. */
@RedisTest
class TokenStoreTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T04:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private RedisCommands<String, String> redis;
    private TokenStore store;
    private String prefix;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        redis = testRedis.connect().sync();
        prefix = testRedis.prefix();
        store = new TokenStore(redis, prefix, clock);
    }

    private static Credentials token(String secret) {
        return Credentials.handshake(JsonNodeFactory.instance.objectNode().put("token", secret), null);
    }

    @Test
    void storesOnlyTheHashAndListsWithoutSecrets() {
        IssuedToken issued = store.create(Role.SERVICE, "llm-1", Optional.of(Duration.ofDays(30)));

        assertThat(issued.secret()).startsWith(TokenHash.PREFIX).hasSizeGreaterThan(40);
        assertThat(issued.record().hash()).isEqualTo(TokenHash.hash(issued.secret()));
        assertThat(issued.record().expiresAt()).isEqualTo(now.get().plus(Duration.ofDays(30)));
        for (String key : redis.keys(prefix + "*")) {
            Map<String, String> values = redis.hgetall(key);
            assertThat(values.toString()).doesNotContain(issued.secret());
        }
        assertThat(store.list()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("llm-1");
            assertThat(r.role()).isEqualTo(Role.SERVICE);
            assertThat(r.toString()).doesNotContain(issued.secret()).doesNotContain(r.hash());
        });
        assertThat(issued.toString()).doesNotContain(issued.secret());
    }

    @Test
    void refusesDuplicateAndMalformedNamesAndBadExpiry() {
        store.create(Role.CLIENT, "alice", Optional.empty());

        assertThatThrownBy(() -> store.create(Role.ADMIN, "alice", Optional.empty()))
                .hasMessageContaining("'alice' already has a token");
        assertThatThrownBy(() -> store.create(Role.ADMIN, "bad name", Optional.empty()))
                .hasMessageStartingWith("name must be");
        assertThatThrownBy(() -> store.create(Role.ADMIN, "x".repeat(65), Optional.empty()))
                .hasMessageStartingWith("name must be");
        assertThatThrownBy(() -> store.create(Role.ADMIN, "bob", Optional.of(Duration.ZERO)))
                .hasMessageStartingWith("expires must be a positive duration");
        assertThat(store.list()).extracting(TokenRecord::name).containsExactly("alice");
    }

    @Test
    void autoModeIsOpenUntilATokenExistsThenChecksRoleRevocationAndExpiry() {
        try (StoredTokenAuthenticator auth = new StoredTokenAuthenticator(store, AuthMode.AUTO,
                Duration.ofMillis(100), clock)) {
            assertThat(auth.required()).isFalse();
            assertThat(auth.authenticate(Credentials.none(null))).isInstanceOf(Authentication.Granted.class);

            IssuedToken service = store.create(Role.SERVICE, "svc", Optional.of(Duration.ofHours(1)));
            IssuedToken client = store.create(Role.CLIENT, "cli", Optional.empty());
            await().atMost(Duration.ofSeconds(30)).until(auth::required);

            assertThat(auth.authenticate(Credentials.none(null)))
                    .isEqualTo(Authentication.rejected("a token is required"));
            assertThat(auth.authenticate(token("gzt_not-a-token")))
                    .isEqualTo(Authentication.rejected("unknown token"));
            assertThat(auth.authenticate(token(service.secret()))).isInstanceOfSatisfying(
                    Authentication.Granted.class, g -> {
                        assertThat(g.principal().name()).isEqualTo("svc");
                        assertThat(g.principal().hasRole(Role.SERVICE)).isTrue();
                        assertThat(g.principal().hasRole(Role.CLIENT)).isFalse();
                    });

            now.set(now.get().plus(Duration.ofHours(2)));
            assertThat(auth.authenticate(token(service.secret())))
                    .isEqualTo(Authentication.rejected("token expired"));

            assertThat(store.revoke("cli")).map(TokenRecord::id).contains(client.record().id());
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    auth.authenticate(token(client.secret())) instanceof Authentication.Rejected);
            assertThat(store.revoke("cli")).isEmpty();
            // The name is free again after revocation.
            assertThat(store.create(Role.CLIENT, "cli", Optional.empty()).record().name()).isEqualTo("cli");
        }
    }

    @Test
    void requiredModeRefusesEvenWithoutTokensAndOffModeAllowsEverything() {
        try (StoredTokenAuthenticator required = new StoredTokenAuthenticator(store, AuthMode.REQUIRED,
                Duration.ofSeconds(1), clock);
             StoredTokenAuthenticator off = new StoredTokenAuthenticator(store, AuthMode.OFF,
                     Duration.ofSeconds(1), clock)) {
            assertThat(required.authenticate(Credentials.none(null))).isInstanceOf(Authentication.Rejected.class);
            store.create(Role.CLIENT, "c", Optional.empty());
            off.refresh();
            assertThat(off.authenticate(Credentials.none(null))).isInstanceOfSatisfying(Authentication.Granted.class,
                    g -> assertThat(g.principal().hasRole(Role.ADMIN)).isTrue());
        }
    }

    @Test
    void revokesById() {
        IssuedToken t = store.create(Role.MONITOR, "dash", Optional.empty());
        assertThat(store.revoke(t.record().id())).isPresent();
        assertThat(store.list()).isEmpty();
        assertThat(AuthMode.parse(" Required ")).isEqualTo(AuthMode.REQUIRED);
        assertThatThrownBy(() -> AuthMode.parse("maybe")).hasMessageContaining("auto, required or off");
    }
}
