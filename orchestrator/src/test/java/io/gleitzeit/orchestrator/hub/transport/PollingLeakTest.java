package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gleitzeit.orchestrator.hub.transport.internal.TransportCorrection;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Buffers leaked by the hub over long-polling, found by Netty's paranoid leak detector. Runs in a JVM of its own
 * (see the surefire execution {@code leak-detection}), where the recording detector is installed first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PollingLeakTest {
    static final int COUNT = 500;

    static {
        RecordingLeakDetectors.install();
    }

    /** Engine.IO 4 polling with many packets per POST, both ways, by the JS client. */
    static JsonNode pollingRun(EchoHub hub, String runName) {
        ObjectNode options = Harness.options()
                .put("url", hub.url())
                .put("token", EchoHub.TOKEN)
                .put("client", "v4")
                .put("count", COUNT)
                .put("serverEmits", COUNT)
                .put("text", EchoHub.runText(runName))
                .put("timeoutMs", 60_000);
        options.putArray("transports").add("polling");
        return Harness.runJs(options);
    }

    /** Every report so far, after collecting garbage until a deliberately leaked buffer has been reported too. */
    static List<String> reportsAfterCollecting(String controlHint) {
        RecordingLeakDetectors.leakOneBuffer(controlHint);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            RecordingLeakDetectors.collectAndReport();
            return RecordingLeakDetectors.REPORTS.stream().anyMatch(report -> report.contains(controlHint));
        });
        RecordingLeakDetectors.collectAndReport();
        return RecordingLeakDetectors.REPORTS.stream().filter(report -> !report.contains(controlHint)).toList();
    }

    @Test
    @Order(1)
    void theLibraryAloneLeaksTheCopiesItDecodesEngineIo4PollingPayloadsFrom() {
        Set<TransportCorrection> others = EnumSet.allOf(TransportCorrection.class);
        others.remove(TransportCorrection.SPLIT_PAYLOADS);
        try (EchoHub hub = new EchoHub(others)) {
            JsonNode report = pollingRun(hub, "leak-uncorrected");
            assertThat(report.path("acks_intact").asInt()).isEqualTo(COUNT);
        }

        List<String> leaks = reportsAfterCollecting("control-1");

        assertThat(leaks).isNotEmpty();
        assertThat(leaks).anyMatch(leak -> leak.contains("PacketDecoder.decode"));
    }

    @Test
    @Order(2)
    void withTheCorrectionAPollingRunLeaksNothing() {
        reportsAfterCollecting("control-2");
        RecordingLeakDetectors.REPORTS.clear();
        try (EchoHub hub = new EchoHub()) {
            JsonNode report = pollingRun(hub, "leak-corrected");
            ClientRunAssert.everythingArrivedIntact(report, hub, EchoHub.runText("leak-corrected"), COUNT, COUNT);
        }

        List<String> leaks = reportsAfterCollecting("control-3");

        assertThat(leaks).filteredOn(leak -> leak.startsWith("ByteBuf")).isEmpty();
        // SocketIOServer creates a default pipeline initializer, with a timer, that setPipelineFactory replaces
        // and nothing ever stops (its thread never started): the only other report there may be.
        assertThat(leaks).filteredOn(leak -> !leak.startsWith("ByteBuf")).allSatisfy(leak -> assertThat(leak)
                .startsWith("HashedWheelTimer").contains("com.corundumstudio.socketio.SocketIOServer.<init>"));
    }
}
