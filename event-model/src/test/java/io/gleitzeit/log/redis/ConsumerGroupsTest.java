package io.gleitzeit.log.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class ConsumerGroupsTest {
    private RedisCommands<String, String> redis;
    private ConsumerGroups groups;
    private String stream;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        var connection = testRedis.connect();
        redis = connection.sync();
        groups = new ConsumerGroups(connection);
        stream = testRedis.key("{p0}:commands");
    }

    @Nested
    class Create {
        @Test
        void createsTheGroupAndTheStream() {
            assertThat(Await.result(groups.create(stream, "g", StreamPosition.FIRST))).isTrue();

            assertThat(redis.exists(stream)).isEqualTo(1);
            assertThat(redis.xinfoGroups(stream)).hasSize(1);
        }

        @Test
        void findsAnExistingGroupWithoutError() {
            Await.result(groups.create(stream, "g", StreamPosition.FIRST));

            assertThat(Await.result(groups.create(stream, "g", StreamPosition.LATEST))).isFalse();
        }

        @Test
        void startsAtLatestAfterWhatTheStreamHolds() {
            String existing = redis.xadd(stream, "n", "1");

            Await.result(groups.create(stream, "g", StreamPosition.LATEST));

            assertThat(Await.result(groups.stats(stream, "g")).lastDelivered()).isEqualTo(StreamPosition.parse(existing));
        }
    }

    @Nested
    class Stats {
        @Test
        @SuppressWarnings("unchecked")
        void tellLengthLagPendingAndTheOldestPendingWait() {
            Await.result(groups.create(stream, "g", StreamPosition.FIRST));
            for (int i = 0; i < 5; i++) {
                redis.xadd(stream, "n", Integer.toString(i));
            }
            var read = redis.xreadgroup(Consumer.from("g", "c"), XReadArgs.Builder.count(2),
                    XReadArgs.StreamOffset.lastConsumed(stream));

            GroupStats stats = Await.result(groups.stats(stream, "g"));

            assertThat(stats.length()).isEqualTo(5);
            assertThat(stats.lag()).hasValue(3);
            assertThat(stats.pending()).isEqualTo(2);
            assertThat(stats.oldestPendingIdle()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(stats.lastDelivered()).isEqualTo(StreamPosition.parse(read.get(1).getId()));
        }

        @Test
        void nameTheGroupWhenItIsMissing() {
            Await.result(groups.create(stream, "g", StreamPosition.FIRST));

            assertThatThrownBy(() -> Await.result(groups.stats(stream, "other")))
                    .hasMessageContaining("no group other on " + stream);
        }
    }
}
