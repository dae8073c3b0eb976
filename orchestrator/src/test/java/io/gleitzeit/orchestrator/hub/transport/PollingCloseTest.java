package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.orchestrator.hub.transport.internal.TransportCorrection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An Engine.IO 4 session over plain HTTP long-polling that the client closes while a poll is waiting, as
 * python-socketio's threaded client does on {@code disconnect()} (and then waits for that poll to end).
 */
class PollingCloseTest {
    /** Long enough that no ping answers the held poll during the test. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(60);

    static HubTransport hub(Set<TransportCorrection> corrections) {
        HubTransportOptions options = HubTransportOptions.newBuilder().host("127.0.0.1").port(0)
                .pingInterval(PING_INTERVAL).build();
        return HubTransport.create(options, Authenticator.allowAll(), corrections).start();
    }

    /** A polling session joined to /cluster, with a poll held open by the hub. */
    static final class Session {
        final HttpClient http = HttpClient.newHttpClient();
        final String base;
        final String sid;

        Session(int port) throws Exception {
            base = "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling";
            String open = get(base);
            sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf('"', open.indexOf("\"sid\":\"") + 7));
            assertThat(post("40/cluster,")).isEqualTo("ok");
            assertThat(get(url())).startsWith("40/cluster,");
        }

        String url() {
            return base + "&sid=" + sid;
        }

        String get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        }

        CompletableFuture<String> heldPoll() {
            return http.sendAsync(HttpRequest.newBuilder(URI.create(url())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(HttpResponse::body);
        }

        String post(String payload) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url()))
                            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        }
    }

    @Nested
    class WithTheCorrection {

        @Test
        void closingTheSessionAnswersTheHeldPollWithAClosePacket() throws Exception {
            try (HubTransport hub = hub(EnumSet.allOf(TransportCorrection.class))) {
                Session session = new Session(hub.port());
                CompletableFuture<String> held = session.heldPoll();
                Thread.sleep(500); // let the poll reach the hub before the close does

                assertThat(session.post("1")).isEqualTo("ok");

                assertThat(held.get(20, TimeUnit.SECONDS)).isEqualTo("1");
            }
        }
    }

    @Nested
    class WithoutTheCorrection {

        @Test
        void theLibraryAloneLeavesTheHeldPollOpen() throws Exception {
            Set<TransportCorrection> others = EnumSet.allOf(TransportCorrection.class);
            others.remove(TransportCorrection.END_POLL_ON_CLOSE);
            try (HubTransport hub = hub(others)) {
                Session session = new Session(hub.port());
                CompletableFuture<String> held = session.heldPoll();
                Thread.sleep(500);

                assertThat(session.post("1")).isEqualTo("ok");

                CompletableFuture<String> answered = held.completeOnTimeout("still open", 3, TimeUnit.SECONDS);
                assertThat(answered.get()).isEqualTo("still open");
            }
        }
    }
}
