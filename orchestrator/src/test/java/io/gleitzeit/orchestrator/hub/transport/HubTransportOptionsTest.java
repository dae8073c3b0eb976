package io.gleitzeit.orchestrator.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.definition.DocumentLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubTransportOptionsTest {

    @Nested
    class Defaults {

        @Test
        void areThoseOfTheOriginalGleitzeitAndSocketIo() {
            HubTransportOptions options = HubTransportOptions.newBuilder().build();

            assertThat(options.host()).isEqualTo("0.0.0.0");
            assertThat(options.port()).isEqualTo(8000);
            assertThat(options.path()).isEqualTo("/socket.io");
            assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(25));
            assertThat(options.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(options.maxFramePayloadBytes())
                    .isGreaterThanOrEqualTo(DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES);
            assertThat(options.maxHttpContentBytes())
                    .isGreaterThanOrEqualTo(DocumentLimits.DEFAULT_MAX_DOCUMENT_BYTES);
            assertThat(options.tls()).isEmpty();
            assertThat(options.allowedOrigins()).containsExactly("*");
            assertThat(options.workerThreads()).isZero();
            assertThat(options.handlerAckTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void survivesARoundTripThroughToBuilder() {
            HubTransportOptions options = HubTransportOptions.newBuilder()
                    .port(9000).path("/io").allowedOrigins(List.of("https://dash.example.com")).build();

            HubTransportOptions copy = options.toBuilder().build();

            assertThat(copy.toString()).isEqualTo(options.toString());
        }
    }

    @Nested
    class Validation {

        @Test
        void aPortOutOfRangeIsRefusedNamingTheField() {
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().port(70000).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port must be between 0 and 65535, was 70000");
        }

        @Test
        void aPathWithoutLeadingSlashOrWithTrailingSlashIsRefused() {
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().path("socket.io").build())
                    .hasMessageStartingWith("path must start with '/'");
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().path("/socket.io/").build())
                    .hasMessageStartingWith("path must");
        }

        @Test
        void nonPositiveDurationsAreRefusedNamingTheField() {
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().pingInterval(Duration.ZERO).build())
                    .hasMessage("ping_interval must be a positive duration, was PT0S");
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().handlerAckTimeout(null).build())
                    .hasMessage("handler_ack_timeout must be a positive duration, was null");
        }

        @Test
        void nonPositiveSizesAreRefusedNamingTheField() {
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().maxFramePayloadBytes(0).build())
                    .hasMessage("max_frame_payload_bytes must be positive, was 0");
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().maxHttpContentBytes(-1).build())
                    .hasMessage("max_http_content_bytes must be positive, was -1");
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().maxEventPayloadBytes(0).build())
                    .hasMessage("max_event_payload_bytes must be positive, was 0");
        }

        @Test
        void anEventLimitAboveTheFramesIsRefused() {
            assertThat(HubTransportOptions.newBuilder().build().maxEventPayloadBytes()).isEqualTo(1024 * 1024);
            assertThatThrownBy(() -> HubTransportOptions.newBuilder().maxFramePayloadBytes(100_000)
                    .maxEventPayloadBytes(200_000).build())
                    .hasMessageStartingWith("max_event_payload_bytes (200000) must not exceed "
                            + "max_frame_payload_bytes (100000)");
        }

        @Test
        void anOriginWithAPathIsRefusedNamingItsIndex() {
            assertThatThrownBy(() -> HubTransportOptions.newBuilder()
                    .allowedOrigins(List.of("https://ok.example.com", "https://bad.example.com/app")).build())
                    .hasMessageStartingWith("allowed_origins[1] must be \"*\" or scheme://host[:port]");
        }

        @Test
        void missingTlsFilesAreRefusedNamingTheField(@TempDir Path dir) throws Exception {
            Path cert = Files.writeString(dir.resolve("cert.pem"), "x");

            assertThatThrownBy(() -> TlsOptions.pem(cert, dir.resolve("missing.pem")))
                    .hasMessageStartingWith("tls.private_key must be a readable file");
        }
    }

    @Nested
    class Origins {

        @Test
        void clientsWithoutAnOriginAreAlwaysAllowed() {
            HubTransportOptions options = HubTransportOptions.newBuilder()
                    .allowedOrigins(List.of("https://dash.example.com")).build();

            assertThat(options.allowsOrigin(null)).isTrue();
            assertThat(options.allowsOrigin("https://dash.example.com")).isTrue();
            assertThat(options.allowsOrigin("https://evil.example.com")).isFalse();
        }
    }
}
