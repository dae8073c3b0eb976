package io.gleitzeit.orchestrator.hub.transport;

import static io.gleitzeit.orchestrator.hub.transport.JavaClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The hub transport's contract for handlers and connections, through the real Java client over websocket. */
class HubTransportTest {
    static final String SERVICE_TOKEN = "service-token";
    static final String CLIENT_TOKEN = "client-token";
    static final String WATCHER_TOKEN = "watcher-token";
    static final Duration HANDLER_ACK_TIMEOUT = Duration.ofMillis(300);

    record Sample(String workflowId, int count) {
        Sample {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative, was " + count);
            }
        }
    }

    record Legacy(String token) {
    }

    record Room(String room) {
    }

    static HubTransport hub;
    static final List<String> connected = new CopyOnWriteArrayList<>();
    static final List<String> disconnected = new CopyOnWriteArrayList<>();
    static final List<Throwable> connectListenerEmitFailures = new CopyOnWriteArrayList<>();
    static final List<Boolean> secondAnswers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHub() {
        HubTransportOptions options = HubTransportOptions.newBuilder()
                .host("127.0.0.1")
                .port(0)
                .handlerAckTimeout(HANDLER_ACK_TIMEOUT)
                .build();
        hub = HubTransport.create(options, Authenticator.tokens(Map.of(
                SERVICE_TOKEN, Principal.of("summarizer", Role.SERVICE),
                CLIENT_TOKEN, Principal.of("dashboard", Role.CLIENT),
                WATCHER_TOKEN, Principal.of("watcher", Role.MONITOR),
                EchoHub.TOKEN, Principal.of("operator", Role.ADMIN))));
        hub.onConnect(client -> {
            connected.add(client.principal().name());
            try {
                client.emit("connected", Map.of("sid", client.id()));
            } catch (IllegalStateException e) {
                connectListenerEmitFailures.add(e);
            }
        });
        hub.onDisconnect(client -> disconnected.add(client.id()));
        hub.on("sample", Sample.class, (client, sample, ack) ->
                ack.ok(Map.of("workflow_id", String.valueOf(sample.workflowId()), "count", sample.count(),
                        "principal", client.principal().name())));
        hub.on("raw", JsonNode.class, (client, json, ack) -> ack.ok(Map.of("echo", json)));
        hub.on("fails", JsonNode.class, (client, json, ack) -> {
            throw new IllegalStateException("boom");
        });
        hub.on("never_answers", JsonNode.class, (client, json, ack) -> { });
        hub.on("answers_later", JsonNode.class, (client, json, ack) ->
                ack.completeWith(CompletableFuture.supplyAsync(() -> Map.of("later", true))));
        hub.on("fails_later", JsonNode.class, (client, json, ack) ->
                ack.completeWith(CompletableFuture.failedFuture(new IllegalStateException("redis down"))));
        hub.on("answers_twice", JsonNode.class, (client, json, ack) -> {
            ack.ok(Map.of("first", true));
            secondAnswers.add(ack.ok(Map.of("second", true)));
        });
        hub.on("register", JsonNode.class, Role.SERVICE, (client, json, ack) -> ack.ok(Map.of("service_id", "s-1")));
        hub.on("authenticate", Legacy.class, (client, legacy, ack) -> {
            Authentication result = client.authenticate(Credentials.handshake(
                    hub.toJson(Map.of("token", String.valueOf(legacy.token()))), client.remoteAddress()));
            if (result instanceof Authentication.Rejected rejected) {
                ack.error(AckError.UNAUTHORIZED, rejected.reason());
            } else {
                ack.ok(Map.of("principal", client.principal().name()));
            }
        });
        hub.on("join", Room.class, (client, room, ack) -> {
            client.join(room.room());
            ack.ok();
        });
        hub.on("leave", Room.class, (client, room, ack) -> {
            client.leave(room.room());
            ack.ok();
        });
        hub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    static String url() {
        return "http://127.0.0.1:" + hub.port();
    }

    static JavaClient connect(String token) throws Exception {
        return JavaClient.to(url(), JavaClient.Transport.WEBSOCKET, token).connect();
    }

    static JSONObject answer(JavaClient client, String event, Object... args) throws Exception {
        return client.request(event, args).get(10, TimeUnit.SECONDS);
    }

    @Nested
    class Connecting {

        @Test
        void aClientWithAValidHandshakeTokenConnectsAsItsPrincipal() throws Exception {
            try (JavaClient client = connect(SERVICE_TOKEN)) {
                JSONObject answer = answer(client, "sample", json("workflow_id", "w-1", "count", 1));

                assertThat(answer.getString("principal")).isEqualTo("summarizer");
                assertThat(connected).contains("summarizer");
            }
        }

        @Test
        void aClientWithAnUnknownTokenIsRefusedWithAReasonAndCode() {
            JavaClient client = JavaClient.to(url(), JavaClient.Transport.WEBSOCKET, "stolen");

            assertThatThrownBy(client::connect)
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(JavaClient.ConnectRefused.class, refused -> {
                        JSONObject error = (JSONObject) refused.data();
                        assertThat(error.optString("message")).isEqualTo("unknown token");
                        assertThat(error.optJSONObject("data").optString("code")).isEqualTo("unauthorized");
                    });
            client.close();
        }

        @Test
        void aClientWithoutATokenConnectsUnauthenticatedAndMayAuthenticateByEvent() throws Exception {
            try (JavaClient client = connect(null)) {
                JSONObject refused = answer(client, "register", json("node_id", "n-1"));
                assertThat(refused.getBoolean("ok")).isFalse();
                assertThat(refused.getJSONObject("error").getString("code")).isEqualTo("forbidden");

                JSONObject wrong = answer(client, "authenticate", json("token", "guess"));
                assertThat(wrong.getJSONObject("error").getString("code")).isEqualTo("unauthorized");

                JSONObject authenticated = answer(client, "authenticate", json("token", SERVICE_TOKEN));
                assertThat(authenticated.getString("principal")).isEqualTo("summarizer");
                assertThat(answer(client, "register", json("node_id", "n-1")).getString("service_id")).isEqualTo("s-1");
            }
        }

        @Test
        void aConnectListenerCannotEmitToTheClient() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !connectListenerEmitFailures.isEmpty());

                assertThat(connectListenerEmitFailures.get(0)).hasMessageContaining("connect listener");
            }
        }

        @Test
        void theDisconnectListenerIsToldWhenAClientLeaves() throws Exception {
            JavaClient client = connect(WATCHER_TOKEN);
            String sessionId = hub.clients().stream().filter(c -> c.principal().name().equals("watcher"))
                    .map(HubClient::id).findFirst().orElseThrow();
            assertThat(hub.client(sessionId)).isPresent();

            client.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> disconnected.contains(sessionId));
        }
    }

    @Nested
    class Requests {

        @Test
        void aValidPayloadReachesTheHandlerTypedFromSnakeCase() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "sample", json("workflow_id", "w-7", "count", 3, "extra", "ignored"));

                assertThat(answer.getBoolean("ok")).isTrue();
                assertThat(answer.getString("workflow_id")).isEqualTo("w-7");
                assertThat(answer.getInt("count")).isEqualTo(3);
            }
        }

        @Test
        void aMalformedPayloadIsAnsweredBadRequestNamingTheField() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "sample", json("workflow_id", "w-7", "count", "many"));

                assertThat(answer.getBoolean("ok")).isFalse();
                JSONObject error = answer.getJSONObject("error");
                assertThat(error.getString("code")).isEqualTo("bad_request");
                assertThat(error.getString("message")).contains("sample");
                assertThat(error.getJSONArray("details").getJSONObject(0).getString("path")).isEqualTo("$.count");
            }
        }

        @Test
        void aPayloadItsTypeRefusesIsAnsweredBadRequestWithTheReason() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "sample", json("workflow_id", "w-7", "count", -1));

                JSONObject problem = answer.getJSONObject("error").getJSONArray("details").getJSONObject(0);
                assertThat(problem.getString("message")).isEqualTo("count must not be negative, was -1");
            }
        }

        @Test
        void aPayloadThatIsNotAnObjectIsAnsweredBadRequest() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "sample", "just text");

                assertThat(answer.getJSONObject("error").getString("code")).isEqualTo("bad_request");
                assertThat(answer.getJSONObject("error").getJSONArray("details").getJSONObject(0).getString("path"))
                        .isEqualTo("$");
            }
        }

        @Test
        void aMissingPayloadBindsAsAnEmptyObject() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "sample");

                assertThat(answer.getBoolean("ok")).isTrue();
                assertThat(answer.getString("workflow_id")).isEqualTo("null");
                assertThat(answer.getInt("count")).isZero();
            }
        }

        @Test
        void aHandlerThatThrowsIsAnsweredInternal() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "fails", json());

                assertThat(answer.getBoolean("ok")).isFalse();
                assertThat(answer.getJSONObject("error").getString("code")).isEqualTo("internal");
                assertThat(answer.getJSONObject("error").getString("message")).doesNotContain("boom");
            }
        }

        @Test
        void aHandlerThatNeverAnswersIsAnsweredTimeout() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "never_answers", json());

                assertThat(answer.getJSONObject("error").getString("code")).isEqualTo("timeout");
            }
        }

        @Test
        void anAnswerCompletedLaterOnAnotherThreadArrives() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                assertThat(answer(client, "answers_later", json()).getBoolean("later")).isTrue();
                assertThat(answer(client, "fails_later", json()).getJSONObject("error").getString("code"))
                        .isEqualTo("internal");
            }
        }

        @Test
        void onlyTheFirstAnswerCounts() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "answers_twice", json());

                assertThat(answer.getBoolean("first")).isTrue();
                assertThat(answer.has("second")).isFalse();
                await().atMost(Duration.ofSeconds(10)).until(() -> !secondAnswers.isEmpty());
                assertThat(secondAnswers).containsOnly(false);
            }
        }

        @Test
        void aRequestOutsideTheClientsRolesIsRefusedForbidden() throws Exception {
            try (JavaClient dashboard = connect(CLIENT_TOKEN); JavaClient admin = connect(EchoHub.TOKEN)) {
                JSONObject refused = answer(dashboard, "register", json());

                assertThat(refused.getJSONObject("error").getString("code")).isEqualTo("forbidden");
                assertThat(refused.getJSONObject("error").getString("message")).contains("service");
                assertThat(answer(admin, "register", json()).getString("service_id")).isEqualTo("s-1");
            }
        }

        @Test
        void aSecondHandlerForAnEventIsRefused() {
            try (HubTransport other = HubTransport.create(HubTransportOptions.newBuilder().port(0).build(),
                    Authenticator.allowAll())) {
                other.on("register", JsonNode.class, (c, j, a) -> a.ok());

                assertThatThrownBy(() -> other.on("register", JsonNode.class, (c, j, a) -> a.ok()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("register");
            }
        }

        @Test
        void theRawJsonIsHandedOverWhenAskedFor() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                JSONObject answer = answer(client, "raw", json("text", "Grüße 🚀", "n", 1));

                assertThat(answer.getJSONObject("echo").getString("text")).isEqualTo("Grüße 🚀");
            }
        }
    }

    @Nested
    class Rooms {

        @Test
        void aBroadcastReachesTheRoomsMembersOnly() throws Exception {
            List<String> memberGot = new CopyOnWriteArrayList<>();
            List<String> otherGot = new CopyOnWriteArrayList<>();
            try (JavaClient member = connect(EchoHub.TOKEN); JavaClient other = connect(EchoHub.TOKEN)) {
                member.on("workflow:completed", (payload, ack) -> memberGot.add(payload.optString("workflow_id")));
                other.on("workflow:completed", (payload, ack) -> otherGot.add(payload.optString("workflow_id")));
                answer(member, "join", json("room", "workflow:w-9"));

                hub.broadcast("workflow:w-9", "workflow:completed", Map.of("workflow_id", "w-9"));
                await().atMost(Duration.ofSeconds(10)).until(() -> memberGot.contains("w-9"));
                assertThat(hub.roomMembers("workflow:w-9")).hasSize(1);

                answer(member, "leave", json("room", "workflow:w-9"));
                hub.broadcast("workflow:w-9", "workflow:completed", Map.of("workflow_id", "w-10"));
                answer(member, "raw", json()); // the broadcast would have arrived before this answer
                assertThat(memberGot).containsExactly("w-9");
                assertThat(otherGot).isEmpty();
            }
        }
    }

    @Nested
    class HubRequests {

        @Test
        void aRequestCompletesWithTheClientsAnswer() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                client.on("task:assign", (payload, ack) ->
                        ack.call(json("accepted", true, "task_id", payload.optString("task_id"))));
                HubClient hubClient = onlyClientNamed("operator");

                JsonNode answer = hubClient.request("task:assign", Map.of("task_id", "t-1"), Duration.ofSeconds(5))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);

                assertThat(answer.path("accepted").asBoolean()).isTrue();
                assertThat(answer.path("task_id").asText()).isEqualTo("t-1");
            }
        }

        @Test
        void aRequestTheClientDoesNotAnswerFailsWithNoAck() throws Exception {
            try (JavaClient client = connect(EchoHub.TOKEN)) {
                client.on("task:assign", (payload, ack) -> { });
                HubClient hubClient = onlyClientNamed("operator");

                CompletableFuture<JsonNode> answer = hubClient.request("task:assign", Map.of("task_id", "t-2"),
                        Duration.ofMillis(500)).toCompletableFuture();

                assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(NoAckException.class);
                assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class);
            }
        }

        private HubClient onlyClientNamed(String name) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    hub.clients().stream().filter(c -> c.principal().name().equals(name)).count() == 1);
            return hub.clients().stream().filter(c -> c.principal().name().equals(name)).findFirst().orElseThrow();
        }
    }
}
