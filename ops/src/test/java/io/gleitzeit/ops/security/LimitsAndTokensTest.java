package io.gleitzeit.ops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.orchestrator.hub.auth.AuthMode;
import io.gleitzeit.orchestrator.hub.auth.IssuedToken;
import io.gleitzeit.orchestrator.hub.auth.StoredTokenAuthenticator;
import io.gleitzeit.orchestrator.hub.auth.TokenStore;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.protocol.EventNames;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The hub's request rate and connection limits, and token roles, over real sockets with tokens in real Redis. */
@RedisTest
class LimitsAndTokensTest {
    private static final Duration ANSWER = Duration.ofSeconds(20);

    @Test
    void requestsAboveTheRateAreRefusedAndConnectionsAboveTheLimitAreNotAccepted(TestRedis redis) throws Exception {
        try (SecureHub hub = new SecureHub(redis, io.gleitzeit.orchestrator.hub.transport.Authenticator.allowAll(),
                b -> b.requestsPerSecond(5).requestBurst(5).maxConnectionsPerAddress(3))) {
            TreeMap<String, Long> before = hub.streamLengths();
            Map<String, Integer> answers = new TreeMap<>();
            try (RawSocket socket = RawSocket.connect(hub.port())) {
                for (int i = 0; i < 60; i++) {
                    Optional<JsonNode> answer = socket.request(EventNames.WORKFLOW_SUBMIT,
                            "{\"name\":\"w\",\"tasks\":[{\"name\":\"A\"}]}", ANSWER);
                    assertThat(answer).isPresent();
                    answers.merge(answer.get().path("error").path("code").asText(), 1, Integer::sum);
                }
                assertThat(answers).containsKeys("rate_limited", "invalid_workflow");
                List<RawSocket> more = new ArrayList<>();
                try {
                    more.add(RawSocket.connect(hub.port()));
                    more.add(RawSocket.connect(hub.port()));
                    assertThatThrownBy(() -> more.add(RawSocket.connect(hub.port())))
                            .as("a fourth connection from 127.0.0.1").isInstanceOf(Exception.class);
                } finally {
                    more.forEach(RawSocket::close);
                }
            }
            assertThat(hub.streamLengths()).isEqualTo(before);
            System.out.printf("LimitsAndTokensTest: 60 requests at 5/s: %s%n", answers);
        }
    }

    @Test
    void tokensGrantTheirRoleOnlyAndUnknownTokensAreRefused(TestRedis redis) throws Exception {
        TokenStore store = new TokenStore(redis.connect().sync(), redis.prefix(), Clock.systemUTC());
        IssuedToken client = store.create(Role.CLIENT, "alice", Optional.empty());
        IssuedToken service = store.create(Role.SERVICE, "svc", Optional.empty());
        try (StoredTokenAuthenticator auth = new StoredTokenAuthenticator(store, AuthMode.AUTO,
                Duration.ofMillis(200), Clock.systemUTC());
             SecureHub hub = new SecureHub(redis, auth, b -> b)) {
            hub.functions(service.secret());
            TreeMap<String, Long> before = hub.streamLengths();

            try (RawSocket anonymous = RawSocket.connect(hub.port())) {
                assertThat(anonymous.request(EventNames.WORKFLOW_LIST, "{}", ANSWER).orElseThrow()
                        .path("error").path("code").asText()).isEqualTo("forbidden");
            }
            try (RawSocket alice = RawSocket.connect(hub.port(), "{\"token\":\"" + client.secret() + "\"}")) {
                assertThat(alice.request(EventNames.WORKFLOW_LIST, "{}", ANSWER).orElseThrow()
                        .path("ok").asBoolean()).isTrue();
                assertThat(alice.request(EventNames.NODE_REGISTER, "{\"node_id\":\"x\",\"name\":\"x\"}", ANSWER)
                        .orElseThrow().path("error").path("code").asText()).isEqualTo("forbidden");
                assertThat(alice.request(EventNames.MONITOR_SUBSCRIBE, "{}", ANSWER).orElseThrow()
                        .path("error").path("code").asText()).isEqualTo("forbidden");
            }
            assertThatThrownBy(() -> RawSocket.connect(hub.port(), "{\"token\":\"gzt_forged\"}"))
                    .hasMessageContaining("not joined");
            assertThat(hub.streamLengths()).isEqualTo(before);
        }
    }
}
