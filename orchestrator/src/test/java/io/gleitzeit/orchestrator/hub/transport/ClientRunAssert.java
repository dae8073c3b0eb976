package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** The checks every client run must pass: every ack back, every payload intact, in both directions. */
final class ClientRunAssert {
    private ClientRunAssert() {
    }

    static void everythingArrivedIntact(JsonNode report, EchoHub hub, String runText, int count, int serverEmits) {
        assertThat(report.path("connect_error").isNull()).as("connect error in %s", report).isTrue();
        assertThat(report.path("mismatches").size()).as("mismatches in %s", report).isZero();
        assertThat(report.path("acks").asInt()).as("acks in %s", report).isEqualTo(count);
        assertThat(report.path("acks_intact").asInt()).as("intact acks in %s", report).isEqualTo(count);
        assertThat(report.path("server_events").asInt()).as("server events in %s", report).isEqualTo(serverEmits);
        assertThat(report.path("server_events_intact").asInt()).as("intact server events in %s", report)
                .isEqualTo(serverEmits);
        EchoHub.RunStats stats = hub.stats(runText);
        assertThat(stats.echoes.get()).as("echo requests the hub decoded intact").isEqualTo(count);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stats.serverAcksIntact.get())
                .as("client acks the hub received intact").isEqualTo(serverEmits));
        assertThat(stats.serverAcksWrong.get()).isZero();
        assertThat(stats.serverAcksMissing.get()).isZero();
    }
}
