package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class DeadLettersTest {
    private static final String GROUP = "g";

    private RedisCommands<String, String> redis;
    private DeadLetters deadLetters;
    private KeyLayout keys;
    private String stream;
    private String entryId;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void anEntryPendingForConsumerA(TestRedis testRedis) {
        var connection = testRedis.connect();
        redis = connection.sync();
        keys = new KeyLayout(testRedis.prefix(), new PartitionScheme(1));
        deadLetters = new DeadLetters(connection, keys);
        stream = keys.commands(0);
        Await.result(new ConsumerGroups(connection).create(stream, GROUP, StreamPosition.FIRST));
        entryId = redis.xadd(stream, "wf", "w1", "c", "{}");
        redis.xreadgroup(Consumer.from(GROUP, "a"), XReadArgs.StreamOffset.lastConsumed(stream));
    }

    private List<DeadLetters.Outcome> park(String consumer) {
        return Await.result(deadLetters.park(stream, GROUP, consumer, "w1",
                List.of(new DeadLetters.Candidate(entryId, 5, "boom")), NOW)).stream()
                .map(DeadLetters.Result::outcome).toList();
    }

    @Nested
    class Park {
        @Test
        void isCountedOverEveryScope() {
            assertThat(Await.result(deadLetters.count())).isZero();

            park("a");

            assertThat(Await.result(deadLetters.count())).isEqualTo(1);
        }

        @Test
        void movesTheEntryToTheDeadLettersAndMarksItsWorkflow() {
            assertThat(park("a")).containsExactly(DeadLetters.Outcome.PARKED);

            assertThat(redis.xpending(stream, GROUP).getCount()).isZero();
            assertThat(Await.result(deadLetters.list(stream, 10))).singleElement().satisfies(letter -> {
                assertThat(letter.entryId()).isEqualTo(StreamPosition.parse(entryId));
                assertThat(letter.fields()).containsEntry("wf", "w1").containsEntry("c", "{}");
                assertThat(letter.parkedAt()).isEqualTo(NOW);
                assertThat(letter.deliveries()).isEqualTo(5);
            });
            assertThat(redis.hkeys(keys.parked(stream))).containsExactly(keys.parkedField(stream, GROUP, "w1"));
        }

        @Test
        void leavesAnEntryThatAnotherConsumerHolds() {
            assertThat(park("b")).containsExactly(DeadLetters.Outcome.GONE);

            assertThat(redis.xpending(stream, GROUP).getCount()).isEqualTo(1);
            assertThat(redis.exists(keys.deadLetters(stream), keys.parked(stream))).isZero();
        }
    }

    @Nested
    class Hold {
        @Test
        void leavesTheEntryPendingWhenItsWorkflowIsNotParked() {
            var outcomes = Await.result(deadLetters.hold(stream, GROUP, "a", "w1", List.of(entryId)));

            assertThat(outcomes).extracting(DeadLetters.Result::outcome).containsExactly(DeadLetters.Outcome.NOT_PARKED);
            assertThat(redis.xpending(stream, GROUP).getCount()).isEqualTo(1);
        }
    }

    @Nested
    class Redrive {
        @Test
        void putsNothingBackForAWorkflowThatIsNotParked() {
            assertThat(Await.result(deadLetters.redrive(stream, GROUP, "w1"))).isZero();
            assertThat(redis.xlen(stream)).isEqualTo(1);
        }

        @Test
        void putsTheOriginalFieldsBackAtTheEndOfTheStream() {
            park("a");

            assertThat(Await.result(deadLetters.redrive(stream, GROUP, "w1"))).isEqualTo(1);

            var entries = redis.xrange(stream, io.lettuce.core.Range.unbounded());
            assertThat(entries).hasSize(2);
            assertThat(entries.get(1).getBody()).containsExactlyInAnyOrderEntriesOf(entries.get(0).getBody());
            assertThat(redis.exists(keys.parked(stream))).isZero();
            assertThat(redis.xlen(keys.deadLetters(stream))).isZero();
        }
    }

    @Test
    void listingNeedsAPositiveLimit() {
        assertThatThrownBy(() -> deadLetters.list(stream, 0)).hasMessageContaining("limit");
    }
}
