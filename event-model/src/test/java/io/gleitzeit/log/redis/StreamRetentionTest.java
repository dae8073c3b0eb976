package io.gleitzeit.log.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTest
class StreamRetentionTest {
    private RedisCommands<String, String> redis;
    private StreamRetention retention;
    private ConsumerGroups groups;
    private String stream;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void tenEntries(TestRedis testRedis) {
        var connection = testRedis.connect();
        redis = connection.sync();
        retention = new StreamRetention(connection);
        groups = new ConsumerGroups(connection);
        stream = testRedis.key("{p0}:events");
        for (int i = 0; i < 10; i++) {
            ids.add(redis.xadd(stream, "n", Integer.toString(i)));
        }
    }

    /** Delivers the next {@code count} entries to {@code group} and acknowledges the first {@code acked}. */
    @SuppressWarnings("unchecked")
    private void consume(String group, int count, int acked) {
        Await.result(groups.create(stream, group, StreamPosition.FIRST));
        List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from(group, "c"),
                XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream));
        for (int i = 0; i < acked; i++) {
            redis.xack(stream, group, read.get(i).getId());
        }
    }

    private List<String> remaining() {
        return redis.xrange(stream, Range.unbounded()).stream().map(StreamMessage::getId).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void underSustainedLoadTrimmingKeepsTheStreamsMemoryFlat() {
        // Rounds of 2,000 entries of 200 bytes, read by a group that acknowledges each round's last 50 only in the
        // next round (work in flight), then trimmed: the stream keeps just what is pending, round after round.
        String payload = "x".repeat(200);
        Await.result(groups.create(stream, "load", StreamPosition.FIRST));
        List<String> inFlight = new ArrayList<>();
        List<Long> memory = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 2000; i++) {
                redis.xadd(stream, "n", payload);
            }
            List<String> read = redis.xreadgroup(Consumer.from("load", "c"), XReadArgs.Builder.count(5000),
                    XReadArgs.StreamOffset.lastConsumed(stream)).stream().map(StreamMessage::getId).toList();
            List<String> done = new ArrayList<>(inFlight);
            done.addAll(read.subList(0, read.size() - 50));
            redis.xack(stream, "load", done.toArray(String[]::new));
            inFlight = read.subList(read.size() - 50, read.size());

            Await.result(retention.trim(stream));

            assertThat(remaining()).as("round %d keeps exactly what is pending", round).isEqualTo(inFlight);
            memory.add(redis.memoryUsage(stream));
        }
        System.out.printf("stream MEMORY USAGE after each of 6 trimmed rounds of 2,000 entries: %s bytes%n", memory);
        assertThat(memory.get(memory.size() - 1)).isLessThanOrEqualTo(memory.get(0) * 2);
    }

    @Test
    void entriesStillPendingInOneGroupSurviveWhileAnotherIsAhead() {
        consume("ahead", 10, 10);
        consume("behind", 6, 3);

        StreamRetention.TrimResult result = Await.result(retention.trim(stream));

        assertThat(remaining()).isEqualTo(ids.subList(3, 10));
        assertThat(result.removed()).isEqualTo(3);
        assertThat(result.trimmedBelow()).contains(StreamPosition.parse(ids.get(3)));
    }

    @Test
    void entriesNotYetDeliveredToOneGroupSurvive() {
        consume("ahead", 10, 10);
        consume("behind", 4, 4);

        Await.result(retention.trim(stream));

        assertThat(remaining()).isEqualTo(ids.subList(4, 10));
    }

    @Test
    void whatEveryGroupAcknowledgedIsRemoved() {
        consume("one", 10, 10);
        consume("two", 10, 10);

        StreamRetention.TrimResult result = Await.result(retention.trim(stream));

        assertThat(remaining()).isEmpty();
        assertThat(result.removed()).isEqualTo(10);
    }

    @Test
    void aGroupThatHasReadNothingKeepsEverything() {
        consume("ahead", 10, 10);
        Await.result(groups.create(stream, "new", StreamPosition.FIRST));

        StreamRetention.TrimResult result = Await.result(retention.trim(stream));

        assertThat(remaining()).isEqualTo(ids);
        assertThat(result.removed()).isZero();
    }

    @Test
    void aStreamWithoutGroupsIsLeftAlone() {
        StreamRetention.TrimResult result = Await.result(retention.trim(stream));

        assertThat(remaining()).isEqualTo(ids);
        assertThat(result.trimmedBelow()).isEmpty();
    }

    @Test
    void aMissingStreamIsNothingToTrim() {
        StreamRetention.TrimResult result = Await.result(retention.trim(stream + ":missing"));

        assertThat(result.removed()).isZero();
        assertThat(result.trimmedBelow()).isEmpty();
    }
}
