package io.gleitzeit.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisBackendTest {
    @Test
    void areComparedNumerically() {
        assertThat(RedisBackend.compareVersions("6.10.0", "6.2.0")).isPositive();
        assertThat(RedisBackend.compareVersions("6.0.16", "6.2.0")).isNegative();
        assertThat(RedisBackend.compareVersions("7.0", "7.0.0")).isZero();
        assertThat(RedisBackend.compareVersions("7.2.4-rc1", "7.2.4")).isZero();
    }

    @Test
    void areReadFromInfoServer() {
        assertThat(RedisBackend.versionOf("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n"))
                .isEqualTo("7.0.15");
    }
}
