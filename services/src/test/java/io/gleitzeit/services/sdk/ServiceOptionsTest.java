package io.gleitzeit.services.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.protocol.ServiceType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServiceOptionsTest {
    private ServiceOptions.Builder minimal() {
        return ServiceOptions.newBuilder().name("svc").taskTypes(List.of("python_execution"));
    }

    @Nested
    class Defaults {
        @Test
        void documentedDefaultsApply() {
            ServiceOptions options = minimal().build();

            assertThat(options.hubUrls()).containsExactly(URI.create("http://localhost:8000"));
            assertThat(options.maxConcurrent()).isEqualTo(ServiceOptions.DEFAULT_MAX_CONCURRENT).isEqualTo(4);
            assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(options.transports()).containsExactly(Transport.WEBSOCKET);
            assertThat(options.socketIoPath()).isEqualTo("/socket.io");
            assertThat(options.serviceType()).isEqualTo(ServiceType.CUSTOM);
        }

        @Test
        void eachServiceGetsItsOwnNodeIdWhichItKeepsAcrossCopies() {
            ServiceOptions one = minimal().build();
            ServiceOptions other = minimal().build();

            // two services of one process must not share an id: they would take each other's session on the hub
            assertThat(one.nodeId()).startsWith("svc-" + ProcessHandle.current().pid() + "-")
                    .isNotEqualTo(other.nodeId());
            assertThat(one.toBuilder().maxConcurrent(3).build().nodeId()).isEqualTo(one.nodeId());
            assertThat(minimal().nodeId("fixed").build().nodeId()).isEqualTo("fixed");
        }

        @Test
        void toBuilderKeepsEverything() {
            ServiceOptions options = minimal().hubUrls(List.of("http://a:1", "https://b:2")).token("t")
                    .maxConcurrent(9).build();

            ServiceOptions copy = options.toBuilder().build();

            assertThat(copy.hubUrls()).isEqualTo(options.hubUrls());
            assertThat(copy.token()).isEqualTo("t");
            assertThat(copy.maxConcurrent()).isEqualTo(9);
            assertThat(copy.nodeId()).isEqualTo(options.nodeId());
        }
    }

    @Nested
    class Validation {
        @Test
        void aNameAndTaskTypesAreRequired() {
            assertThatThrownBy(() -> ServiceOptions.newBuilder().taskTypes(List.of("x")).build())
                    .hasMessage("name is required");
            assertThatThrownBy(() -> ServiceOptions.newBuilder().name("svc").build())
                    .hasMessage("taskTypes must name at least one task type");
        }

        @Test
        void hubUrlsMustBeHttpWithAHost() {
            assertThatThrownBy(() -> minimal().hubUrls(List.of("ftp://x")))
                    .hasMessage("hubUrls: 'ftp://x' must be an http(s) URL with a host");
            assertThatThrownBy(() -> minimal().hubUrls(List.of()).build())
                    .hasMessage("hubUrls must name at least one hub");
        }

        @Test
        void timesMustBePositiveAndTheBackoffOrdered() {
            assertThatThrownBy(() -> minimal().heartbeatInterval(Duration.ZERO).build())
                    .hasMessage("heartbeatInterval must be positive, was PT0S");
            assertThatThrownBy(() -> minimal().reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                    .hasMessage("reconnectMax must not be shorter than reconnectMin");
            assertThatThrownBy(() -> minimal().maxConcurrent(0).build())
                    .hasMessage("maxConcurrent must be at least 1, was 0");
        }
    }
}
