package io.gleitzeit.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@RedisTest
class RedisExtensionTest {
    private static final Set<String> PREFIXES_SEEN = new HashSet<>();

    @Nested
    class KeySpace {
        @RepeatedTest(3)
        void everyTestGetsAPrefixOfItsOwn(TestRedis redis) {
            assertThat(redis.prefix()).matches("gzt:[0-9a-f]{12}:");
            synchronized (PREFIXES_SEEN) {
                assertThat(PREFIXES_SEEN.add(redis.prefix())).as("prefix %s is new", redis.prefix()).isTrue();
            }
        }

        @Test
        void cleaningUpDeletesTheTestsKeysAndNothingElse(TestRedis redis) {
            RedisCommands<String, String> commands = redis.connect().sync();
            String foreign = "gzt:foreign" + System.nanoTime() + ":kept";
            commands.set(redis.key("plain"), "1");
            commands.xadd(redis.key("{p3}:events"), "f", "v");
            for (int i = 0; i < 2500; i++) {
                commands.set(redis.key("many:" + i), "x");
            }
            commands.set(foreign, "1");
            try {
                redis.cleanUp();

                try (StatefulRedisConnection<String, String> check = redis.client().connect()) {
                    assertThat(check.sync().keys(redis.prefix() + "*")).isEmpty();
                    assertThat(check.sync().exists(foreign)).isEqualTo(1);
                }
            } finally {
                try (StatefulRedisConnection<String, String> check = redis.client().connect()) {
                    check.sync().del(foreign);
                }
            }
        }

        @Test
        void theServerIsRecentEnoughForXautoclaim(TestRedis redis) {
            String version = RedisBackend.versionOf(redis.connect().sync().info("server"));

            assertThat(RedisBackend.compareVersions(version, "6.2.0")).isNotNegative();
        }
    }

    @Nested
    class Dedicated {
        @Test
        void aRestartedServerComesBackEmptyOnTheSamePort(TestRedis redis) {
            DedicatedRedis dedicated = redis.startDedicated();
            RedisClient client = dedicated.client();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("k", "v");
                connection.sync().scriptLoad("return 1");
            }
            int port = dedicated.port();

            dedicated.restart();

            assertThat(dedicated.port()).isEqualTo(port);
            assertThat(dedicated.isRunning()).isTrue();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().dbsize()).isZero();
            }
        }

        @Test
        void aKilledServerRefusesConnectionsUntilRestarted(TestRedis redis) {
            DedicatedRedis dedicated = redis.startDedicated();

            dedicated.kill();

            assertThat(dedicated.isRunning()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dedicated.client().connect())
                    .isInstanceOf(RedisConnectionException.class);
            dedicated.restart();
            try (StatefulRedisConnection<String, String> connection = dedicated.client().connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        }
    }
}
