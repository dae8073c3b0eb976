package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java client (io.socket 2.1.2, what the Java service SDK uses) over websocket and over long-polling. */
class JavaClientTest {
    static final int COUNT = 500;
    static EchoHub hub;

    @BeforeAll
    static void startHub() {
        hub = new EchoHub();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @ParameterizedTest
    @EnumSource(JavaClient.Transport.class)
    void everyAckArrivesAndEveryPayloadIsIntactWithHundredsInFlight(JavaClient.Transport transport) throws Exception {
        String run = EchoHub.runText("java-" + transport);
        AtomicInteger serverEventsIntact = new AtomicInteger();
        CompletableFuture<Void> allServerEvents = new CompletableFuture<>();
        try (JavaClient client = JavaClient.to(hub.url(), transport, EchoHub.TOKEN)) {
            client.on("server:echo", (payload, ack) -> {
                String text = payload.optString("text");
                if (text.equals(run + " #" + payload.optInt("seq"))) {
                    serverEventsIntact.incrementAndGet();
                }
                ack.call(JavaClient.json("seq", payload.optInt("seq"), "text", text));
                if (payload.optInt("seq") == COUNT - 1) {
                    allServerEvents.complete(null);
                }
            }).connect();

            List<CompletableFuture<JSONObject>> answers = new ArrayList<>();
            for (int seq = 0; seq < COUNT; seq++) {
                answers.add(client.request("echo", JavaClient.json("seq", seq, "text", run + " #" + seq)));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (int seq = 0; seq < COUNT; seq++) {
                JSONObject answer = answers.get(seq).get();
                assertThat(answer.getBoolean("ok")).isTrue();
                assertThat(answer.getInt("seq")).isEqualTo(seq);
                assertThat(answer.getString("text")).isEqualTo(run + " #" + seq);
            }

            client.request("emit_to_me", JavaClient.json("count", COUNT, "text", run)).get(30, TimeUnit.SECONDS);
            allServerEvents.get(60, TimeUnit.SECONDS);
        }

        assertThat(serverEventsIntact.get()).isEqualTo(COUNT);
        EchoHub.RunStats stats = hub.stats(run);
        assertThat(stats.echoes.get()).isEqualTo(COUNT);
        assertThat(stats.echoesOverPolling.get()).isEqualTo(transport == JavaClient.Transport.POLLING ? COUNT : 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(stats.serverAcksIntact.get()).isEqualTo(COUNT));
    }
}
