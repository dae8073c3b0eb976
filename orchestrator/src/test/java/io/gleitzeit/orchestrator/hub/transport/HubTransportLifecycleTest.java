package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.log.GleitzeitException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HubTransportLifecycleTest {

    static HubTransport newHub(int port) {
        return HubTransport.create(HubTransportOptions.newBuilder().host("127.0.0.1").port(port).build(),
                Authenticator.allowAll());
    }

    @Nested
    class Start {

        @Test
        void listensOnAFreePortWhenAskedForPortZero() throws Exception {
            try (HubTransport hub = newHub(0).start()) {
                assertThat(hub.port()).isPositive();
                RawHttp.Response handshake = RawHttp.get(hub.port(), "/socket.io/?EIO=4&transport=polling");
                assertThat(handshake.status()).isEqualTo(200);
            }
        }

        @Test
        void onATakenPortFailsNamingTheAddress() {
            try (HubTransport first = newHub(0).start()) {
                HubTransport second = newHub(first.port());

                assertThatThrownBy(second::start)
                        .isInstanceOf(GleitzeitException.class)
                        .hasMessage("cannot listen on 127.0.0.1:" + first.port())
                        .satisfies(e -> assertThat(((GleitzeitException) e).isTransient()).isFalse());
            }
        }

        @Test
        void twiceIsRefused() {
            try (HubTransport hub = newHub(0).start()) {
                assertThatThrownBy(hub::start).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Nested
    class Stop {

        @Test
        void closesTheListenerAndConnectionsWithinTheTimeout() throws Exception {
            HubTransport hub = newHub(0).start();
            int port = hub.port();
            try (JavaClient client = JavaClient.to("http://127.0.0.1:" + port, JavaClient.Transport.WEBSOCKET, null)
                    .connect()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.clients().size() == 1);

                boolean stopped = hub.stop(Duration.ofSeconds(30));

                assertThat(stopped).isTrue();
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            }
        }

        @Test
        void isIdempotentAndAllowedBeforeStart() throws IOException {
            HubTransport neverStarted = newHub(0);
            assertThat(neverStarted.stop(Duration.ofSeconds(1))).isTrue();

            HubTransport hub = newHub(0).start();
            assertThat(List.of(hub.stop(Duration.ofSeconds(30)), hub.stop(Duration.ofSeconds(30))))
                    .containsExactly(true, true);
        }
    }
}
