package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@RedisTest
class PartitionTailTest {

    @Test
    void followsEveryPartitionFromTheStartInOrderPerWorkflow(TestRedis redis) {
        KeyLayout keys = new KeyLayout(redis.prefix(), new PartitionScheme(4));
        try (RedisEventLog log = RedisEventLog.connect(redis.client(), keys, EventCodec.standard());
             PartitionTail tail = new PartitionTail(redis.client(), keys, log.decoder(), StreamPosition.FIRST)) {
            for (String wf : List.of("wf-a", "wf-b", "wf-c")) {
                log.append(append(wf, 0, 2)).toCompletableFuture().join();
                log.append(append(wf, 2, 1)).toCompletableFuture().join();
            }

            List<Commit> seen = drain(tail, 6);

            assertThat(seen).hasSize(6);
            for (String wf : List.of("wf-a", "wf-b", "wf-c")) {
                assertThat(seen.stream().filter(c -> c.workflowId().equals(wf)).map(Commit::firstVersion))
                        .containsExactly(1L, 3L);
            }
            assertThat(tail.next(Duration.ofMillis(50), 10)).as("nothing new: the read times out empty").isEmpty();
        }
    }

    @Test
    void fromLatestSeesOnlyWhatIsAppendedAfterwards(TestRedis redis) {
        KeyLayout keys = new KeyLayout(redis.prefix(), new PartitionScheme(4));
        try (RedisEventLog log = RedisEventLog.connect(redis.client(), keys, EventCodec.standard())) {
            log.append(append("wf-old", 0, 1)).toCompletableFuture().join();
            try (PartitionTail tail = new PartitionTail(redis.client(), keys, log.decoder(),
                    StreamPosition.LATEST)) {
                log.append(append("wf-new", 0, 1)).toCompletableFuture().join();
                log.append(append("wf-old", 1, 1)).toCompletableFuture().join();

                List<Commit> seen = drain(tail, 2);

                assertThat(seen).extracting(Commit::workflowId).containsExactlyInAnyOrder("wf-new", "wf-old");
                assertThat(seen).filteredOn(c -> c.workflowId().equals("wf-old"))
                        .extracting(Commit::firstVersion).containsExactly(2L);
            }
        }
    }

    private static List<Commit> drain(PartitionTail tail, int expected) {
        List<Commit> seen = new ArrayList<>();
        for (int i = 0; i < 50 && seen.size() < expected; i++) {
            seen.addAll(tail.next(Duration.ofMillis(100), 100));
        }
        return seen;
    }
}
