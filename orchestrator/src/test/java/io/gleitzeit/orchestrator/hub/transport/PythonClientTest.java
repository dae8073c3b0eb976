package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code python3-socketio} 5.x against a real hub, as the original Gleitzeit's services use it: the asyncio
 * client (aiohttp underneath) and the threaded one (requests and websocket-client underneath).
 */
class PythonClientTest {
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

    static JsonNode run(String mode, String runName, boolean pollingOnly) {
        ObjectNode options = Harness.options()
                .put("url", hub.url())
                .put("token", EchoHub.TOKEN)
                .put("mode", mode)
                .put("count", COUNT)
                .put("server_emits", COUNT)
                .put("text", EchoHub.runText(runName))
                .put("timeout_s", 60);
        if (pollingOnly) {
            options.putArray("transports").add("polling");
        }
        return Harness.runPython(options);
    }

    @Nested
    class AsyncClientOnAiohttp {

        @Test
        void withDefaultTransportsConnectsAndEverythingArrivesIntact() {
            JsonNode report = run("async", "py-async-default", false);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("py-async-default"), COUNT, COUNT);
            assertThat(report.path("disconnects").size()).isZero();
        }

        @Test
        void overLongPollingAloneStaysConnectedAndEverythingArrivesIntact() {
            JsonNode report = run("async", "py-async-polling", true);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("py-async-polling"), COUNT, COUNT);
            assertThat(report.path("disconnects").size()).isZero();
            assertThat(hub.stats(EchoHub.runText("py-async-polling")).echoesOverPolling.get()).isEqualTo(COUNT);
        }
    }

    @Nested
    class ThreadedClientOnRequests {

        @Test
        void withDefaultTransportsConnectsAndEverythingArrivesIntact() {
            JsonNode report = run("sync", "py-sync-default", false);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("py-sync-default"), COUNT, COUNT);
            assertThat(report.path("disconnects").size()).isZero();
        }

        @Test
        void overLongPollingAloneStaysConnectedAndEverythingArrivesIntact() {
            JsonNode report = run("sync", "py-sync-polling", true);

            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("py-sync-polling"), COUNT, COUNT);
            assertThat(report.path("disconnects").size()).isZero();
            assertThat(hub.stats(EchoHub.runText("py-sync-polling")).echoesOverPolling.get()).isEqualTo(COUNT);
        }
    }
}
