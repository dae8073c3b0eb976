package io.gleitzeit.redis.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.redis.connect.RedisEndpoint.Topology;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Nested
    class Parse {
        @Test
        void aServerUrlIsOneStandaloneNode() {
            RedisEndpoint e = RedisEndpoint.parse("redis://:secret@10.0.0.5:6380/2");

            assertThat(e.topology()).isEqualTo(Topology.STANDALONE);
            assertThat(e.nodes()).singleElement().satisfies(n -> {
                assertThat(n.getHost()).isEqualTo("10.0.0.5");
                assertThat(n.getPort()).isEqualTo(6380);
                assertThat(n.getDatabase()).isEqualTo(2);
                assertThat(new String(credentials(n).getPassword())).isEqualTo("secret");
            });
            assertThat(e.describe()).isEqualTo("standalone 10.0.0.5:6380").doesNotContain("secret");
        }

        @Test
        void tlsAndUnixSocketAreStandaloneToo() {
            assertThat(RedisEndpoint.parse("rediss://redis.example:6379").nodes().get(0).isSsl()).isTrue();
            RedisEndpoint socket = RedisEndpoint.parse("redis-socket:///var/run/redis.sock");

            assertThat(socket.topology()).isEqualTo(Topology.STANDALONE);
            assertThat(socket.nodes().get(0).getSocket()).isEqualTo("/var/run/redis.sock");
        }

        @Test
        void aSentinelUrlKeepsEverySentinelAndThePrimaryName() {
            RedisEndpoint e = RedisEndpoint.parse("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#gleitzeit");

            assertThat(e.topology()).isEqualTo(Topology.SENTINEL);
            RedisURI uri = e.nodes().get(0);
            assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380);
            assertThat(uri.getSentinelMasterId()).isEqualTo("gleitzeit");
            assertThat(e.describe()).isEqualTo("sentinel 127.0.0.1:26379,127.0.0.1:26380#gleitzeit");
        }

        @Test
        void aClusterUrlListsItsSeedNodesWithTheirCredentials() {
            RedisEndpoint e = RedisEndpoint.parse("redis-cluster://app:pw@10.0.0.1:7000, 10.0.0.2:7001");

            assertThat(e.topology()).isEqualTo(Topology.CLUSTER);
            assertThat(e.nodes()).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
            assertThat(e.nodes()).extracting(RedisURI::getPort).containsExactly(7000, 7001);
            assertThat(e.nodes()).allSatisfy(n -> {
                assertThat(credentials(n).getUsername()).isEqualTo("app");
                assertThat(new String(credentials(n).getPassword())).isEqualTo("pw");
                assertThat(n.isSsl()).isFalse();
            });
            assertThat(RedisEndpoint.parse("rediss-cluster://h:7000").nodes().get(0).isSsl()).isTrue();
        }
    }

    @Nested
    class Refuse {
        @Test
        void aUrlWithoutSchemeOrOfAnotherScheme() {
            assertThatThrownBy(() -> RedisEndpoint.parse("localhost:6379"))
                    .hasMessageStartingWith("Redis URL has no scheme");
            assertThatThrownBy(() -> RedisEndpoint.parse("http://:pw@host"))
                    .hasMessageStartingWith("not a Redis URL: http://:***@host").hasMessageNotContaining("pw@");
            assertThatThrownBy(() -> RedisEndpoint.parse(" ")).hasMessage("Redis URL is empty");
        }

        @Test
        void aSentinelUrlWithoutPrimaryName() {
            assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://127.0.0.1:26379"))
                    .hasMessageStartingWith("Redis Sentinel URL names no primary");
        }

        @Test
        void aClusterUrlWithADatabaseOptionsOrAnEmptyNode() {
            assertThatThrownBy(() -> RedisEndpoint.parse("redis-cluster://:pw@h:7000/1"))
                    .hasMessageStartingWith("Redis Cluster URL takes only host:port seed nodes")
                    .hasMessageEndingWith("redis-cluster://:***@h:7000/1");
            assertThatThrownBy(() -> RedisEndpoint.parse("redis-cluster://h:7000,,h:7001"))
                    .hasMessageStartingWith("Redis Cluster URL has an empty seed node");
            assertThatThrownBy(() -> RedisEndpoint.parse("redis-cluster://"))
                    .hasMessageStartingWith("Redis Cluster URL has an empty seed node");
        }
    }

    @Test
    void redactionHidesOnlyThePassword() {
        assertThat(RedisEndpoint.redact("redis://user:pw@h:1")).isEqualTo("redis://user:***@h:1");
        assertThat(RedisEndpoint.redact("redis://h:1")).isEqualTo("redis://h:1");
    }
}
