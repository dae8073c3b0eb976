package io.gleitzeit.redis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRedisServerTest {

    @BeforeAll
    static void needsBinary() {
        assumeTrue(LocalRedisServer.findBinary().isPresent(), "no redis-server on PATH or REDIS_SERVER_BIN");
    }

    @Test
    void startedServerAnswersAndCloseStopsIt() throws Exception {
        LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.newBuilder().build());
        RedisClient client = RedisClient.create(server.url());
        try (var conn = client.connect()) {
            assertThat(conn.sync().ping()).isEqualTo("PONG");
        } finally {
            server.close();
        }
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> client.connect().close()).isInstanceOf(RedisConnectionException.class);
        client.shutdown();
    }

    @Test
    void appendOnlyDataSurvivesAKillAndRestartOnTheSamePort(@TempDir Path dir) throws Exception {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.newBuilder()
                .dataDirectory(dir).appendOnly(AppendOnlyMode.ALWAYS).logFile(dir.resolve("redis.log")).build())) {
            RedisClient client = RedisClient.create(server.url());
            try (var conn = client.connect()) {
                conn.sync().set("gz:test:key", "kept");
            }
            int port = server.port();

            server.kill();
            assertThat(server.isRunning()).isFalse();
            server.restart();

            assertThat(server.port()).isEqualTo(port);
            try (var conn = client.connect()) {
                assertThat(conn.sync().get("gz:test:key")).isEqualTo("kept");
            }
            client.shutdown();
        }
        assertThat(Files.exists(dir.resolve("redis.log"))).isTrue();
    }

    @Test
    void aMissingBinaryIsAClearError() {
        var options = LocalRedisOptions.newBuilder().binary(Path.of("/nonexistent/redis-server")).build();
        assertThatThrownBy(() -> LocalRedisServer.start(options))
                .hasMessageContaining("/nonexistent/redis-server");
    }
}
