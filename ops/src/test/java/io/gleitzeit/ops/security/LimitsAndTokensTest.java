package io.gleitzeit.ops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gleitzeit.orchestrator.hub.auth.AuthMode;
import io.gleitzeit.orchestrator.hub.auth.IssuedToken;
import io.gleitzeit.orchestrator.hub.auth.StoredTokenAuthenticator;
import io.gleitzeit.orchestrator.hub.auth.TokenStore;
import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.TaskSnapshot;
import io.gleitzeit.ops.e2e.LargeFunctions;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.Role;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hub's request rate and connection limits, and token roles, over real sockets with tokens in real Redis. */
@RedisTest
class LimitsAndTokensTest {
    private static final Duration ANSWER = Duration.ofSeconds(20);

    @Test
    void requestsAboveTheRateAreRefusedAndConnectionsAboveTheLimitAreNotAccepted(TestRedis redis) throws Exception {
        try (SecureHub hub = new SecureHub(redis, Authenticator.allowAll(),
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

    @Test
    void anEventAboveThePayloadLimitIsRefusedNamingTheLimitWhileDocumentsHaveTheirOwn(TestRedis redis)
            throws Exception {
        try (SecureHub hub = new SecureHub(redis, Authenticator.allowAll(), b -> b.maxEventPayloadBytes(64 * 1024))) {
            TreeMap<String, Long> before = hub.streamLengths();
            try (RawSocket socket = RawSocket.connect(hub.port())) {
                JsonNode refused = socket.request(EventNames.TASK_PROGRESS, "{\"task_id\":\"t\",\"message\":\""
                        + "m".repeat(100_000) + "\"}", ANSWER).orElseThrow();
                assertThat(refused.path("error").path("code").asText()).isEqualTo("payload_too_large");
                assertThat(refused.path("error").path("message").asText()).isEqualTo("the task:progress payload is "
                        + "100028 bytes, over the limit of 65536 bytes per event (max_event_payload_bytes)");
                assertThat(socket.request(EventNames.WORKFLOW_LIST, "{\"limit\":1}", ANSWER).orElseThrow()
                        .path("ok").asBoolean()).as("the connection goes on").isTrue();
                assertThat(hub.streamLengths()).isEqualTo(before);

                // A workflow document is held to the document limit (4 MiB), not the event limit.
                JsonNode submitted = socket.request(EventNames.WORKFLOW_SUBMIT, "{\"name\":\"w\",\"metadata\":"
                        + "{\"notes\":\"" + "n".repeat(200_000) + "\"},\"tasks\":[{\"name\":\"A\",\"type\":"
                        + "\"function\",\"function\":\"gcd\",\"args\":[4,6]}]}", ANSWER).orElseThrow();
                assertThat(submitted.path("ok").asBoolean()).as(submitted.toString()).isTrue();
            }
        }
    }

    @Test
    void aResultAboveTheMaximumFailsItsAttemptForGoodWithAClearError(TestRedis redis) throws Exception {
        try (SecureHub hub = new SecureHub(redis, Authenticator.allowAll(), b -> b,
                n -> n.maxResultBytes(300_000))) {
            hub.functions(null, LargeFunctions.class);
            GleitzeitClient client = hub.client(null);

            String id = client.submit("""
                    {"name": "too large", "tasks": [{"name": "Big", "type": "function", "function": "repeat_text",
                     "args": ["x", 400000], "retry": {"max_attempts": 3, "base_delay_ms": 10}}]}""")
                    .get(60, TimeUnit.SECONDS);
            WorkflowCompletedNotice done = client.awaitResult(id).get(120, TimeUnit.SECONDS);

            assertThat(done.status()).isEqualTo("failed");
            assertThat(done.errors().get("Big")).isEqualTo("the result of 400002 bytes is over the maximum of "
                    + "300000 bytes per task result (max_result_bytes); it was not kept");
            TaskSnapshot big = client.status(id).get(30, TimeUnit.SECONDS).tasks().get(0);
            assertThat(big.attempts()).as("not retried").isEqualTo(1);
        }
    }
}
