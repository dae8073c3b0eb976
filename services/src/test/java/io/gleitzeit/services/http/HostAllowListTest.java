package io.gleitzeit.services.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAllowListTest {

    private static boolean permits(List<String> entries, String url) {
        return HostAllowList.of(entries).permits(URI.create(url));
    }

    @Test
    void aPlainHostAllowsEveryPortOfThatHostOnly() {
        assertThat(permits(List.of("api.example.org"), "https://API.example.org/x")).isTrue();
        assertThat(permits(List.of("api.example.org"), "http://api.example.org:8080/x")).isTrue();
        assertThat(permits(List.of("api.example.org"), "https://example.org/")).isFalse();
        assertThat(permits(List.of("api.example.org"), "https://api.example.org.evil.net/")).isFalse();
    }

    @Test
    void aPortRestrictsToThatPortWithSchemeDefaults() {
        assertThat(permits(List.of("api.example.org:443"), "https://api.example.org/")).isTrue();
        assertThat(permits(List.of("api.example.org:443"), "http://api.example.org/")).isFalse();
        assertThat(permits(List.of("127.0.0.1:8080"), "http://127.0.0.1:8080/")).isTrue();
        assertThat(permits(List.of("127.0.0.1:8080"), "http://127.0.0.1:8081/")).isFalse();
    }

    @Test
    void aWildcardAllowsSubdomainsButNotTheDomainItself() {
        assertThat(permits(List.of("*.example.org"), "https://a.b.example.org/")).isTrue();
        assertThat(permits(List.of("*.example.org"), "https://example.org/")).isFalse();
        assertThat(permits(List.of("*.example.org"), "https://badexample.org/")).isFalse();
    }

    @Test
    void aStarAllowsAnyHostAndIpv6NeedsBrackets() {
        assertThat(permits(List.of("*"), "https://anything.test/")).isTrue();
        assertThat(permits(List.of("[::1]:8080"), "http://[::1]:8080/")).isTrue();
    }

    @Test
    void malformedEntriesAreRefusedNamingThem() {
        assertThatThrownBy(() -> HostAllowList.of(List.of("http://api.example.org/")))
                .hasMessageContaining("'http://api.example.org/'");
        assertThatThrownBy(() -> HostAllowList.of(List.of("api.example.org:99999")))
                .hasMessageContaining("invalid port '99999'");
        assertThatThrownBy(() -> HostAllowList.of(List.of(" "))).hasMessageContaining("blank");
    }
}
