package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The npm {@code socket.io-client} (4.x, Engine.IO 4, and 2.x, Engine.IO 3) against a real hub: {@value #COUNT} acked
 * emits in flight, {@value #COUNT} acked emits back, non-ASCII text intact.
 */
class JsClientTest {
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

    static JsonNode run(String client, String runName, boolean pollingOnly) {
        ObjectNode options = Harness.options()
                .put("url", hub.url())
                .put("token", EchoHub.TOKEN)
                .put("client", client)
                .put("count", COUNT)
                .put("serverEmits", COUNT)
                .put("text", EchoHub.runText(runName))
                .put("timeoutMs", 60_000);
        if (pollingOnly) {
            options.putArray("transports").add("polling");
        }
        return Harness.runJs(options);
    }

    @Nested
    class SocketIoClient4 {

        @Test
        void withDefaultTransportsEveryAckArrivesAndEveryPayloadIsIntact() {
            JsonNode report = run("v4", "js-v4-default", false);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("js-v4-default"), COUNT, COUNT);
        }

        @Test
        void overLongPollingAloneNoAckIsLostWithHundredsInFlight() {
            JsonNode report = run("v4", "js-v4-polling", true);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("js-v4-polling"), COUNT, COUNT);
            assertThat(report.path("transport_at_end").asText()).isEqualTo("polling");
            assertThat(hub.stats(EchoHub.runText("js-v4-polling")).echoesOverPolling.get()).isEqualTo(COUNT);
        }
    }

    @Nested
    class SocketIoClient2 {

        @Test
        void withDefaultTransportsEveryAckArrivesAndEveryPayloadIsIntact() {
            JsonNode report = run("v2", "js-v2-default", false);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("js-v2-default"), COUNT, COUNT);
        }

        @Test
        void overLongPollingAloneUtf8TextArrivesIntactInBothDirections() {
            JsonNode report = run("v2", "js-v2-polling", true);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("js-v2-polling"), COUNT, COUNT);
            assertThat(report.path("transport_at_end").asText()).isEqualTo("polling");
            assertThat(hub.stats(EchoHub.runText("js-v2-polling")).echoesOverPolling.get()).isEqualTo(COUNT);
        }
    }
}
