package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.orchestrator.hub.transport.internal.TransportCorrection;
import java.util.EnumSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What a long-polling response says about its connection, against what the hub does with it: the library closes the
 * connection after every response, so it must not invite the client to reuse it.
 */
class PollingResponseHeadersTest {
    static final String HANDSHAKE = "/socket.io/?EIO=4&transport=polling";

    @Nested
    class WithTheCorrection {

        @Test
        void aPollingResponseSaysConnectionCloseAndTheConnectionIsClosed() throws Exception {
            try (EchoHub hub = new EchoHub()) {
                RawHttp.Response response = RawHttp.get(hub.transport().port(), HANDSHAKE);

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).startsWith("0{\"sid\":");
                assertThat(response.header("connection")).isEqualToIgnoringCase("close");
                assertThat(response.closedByServer()).isTrue();
            }
        }
    }

    @Nested
    class WithoutTheCorrection {

        @Test
        void theLibraryAloneSaysKeepAliveYetClosesTheConnection() throws Exception {
            EnumSet<TransportCorrection> others = EnumSet.allOf(TransportCorrection.class);
            others.remove(TransportCorrection.CONNECTION_CLOSE);
            try (EchoHub hub = new EchoHub(others)) {
                RawHttp.Response response = RawHttp.get(hub.transport().port(), HANDSHAKE);

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isEqualToIgnoringCase("keep-alive");
                assertThat(response.closedByServer()).isTrue();
            }
        }
    }
}
