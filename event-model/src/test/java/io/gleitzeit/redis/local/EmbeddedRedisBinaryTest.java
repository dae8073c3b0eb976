package io.gleitzeit.redis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The last-resort binary works on its own: extracted from the jar, it starts and serves streams. */
class EmbeddedRedisBinaryTest {

    @Test
    void theEmbeddedBinaryStartsAndServesXautoclaim() throws Exception {
        assumeTrue(EmbeddedRedisBinary.resourceName().isPresent(), "no embedded binary for this OS/architecture");
        Path binary = EmbeddedRedisBinary.extract().orElseThrow();
        assertThat(Files.isExecutable(binary)).isTrue();

        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.newBuilder().binary(binary)
                .dataDirectory(Files.createTempDirectory("gz-embedded")).build())) {
            RedisClient client = RedisClient.create(server.url());
            try (var conn = client.connect()) {
                String version = conn.sync().info("server").lines().filter(l -> l.startsWith("redis_version:"))
                        .findFirst().orElseThrow();
                assertThat(version).startsWith("redis_version:6.2");
                conn.sync().xadd("gz:embedded:s", "k", "v");
                conn.sync().xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from("gz:embedded:s", "0"), "g");
                // XAUTOCLAIM (Redis >= 6.2) is what the consumer runtime needs.
                assertThat(conn.sync().xautoclaim("gz:embedded:s",
                        io.lettuce.core.XAutoClaimArgs.Builder.justid(io.lettuce.core.Consumer.from("g", "c"), 0, "0")))
                        .isNotNull();
            } finally {
                client.shutdown();
            }
        }
    }
}
