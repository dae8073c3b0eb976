package io.gleitzeit.log.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.gleitzeit.command.CommandEnvelope;
import io.gleitzeit.command.ReportTaskCompleted;
import io.gleitzeit.event.EventEnvelope;
import io.gleitzeit.event.TaskCompleted;
import io.gleitzeit.event.WorkflowEvent;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.AppendCondition;
import io.gleitzeit.log.AppendRequest;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The log stores large payloads by reference and every way of reading it resolves them. */
@RedisTest
class LargePayloadLogTest {
    private static final long LIMIT = 8 * 1024;
    private static final String BIG = "0123456789".repeat(100_000);

    private TestRedis testRedis;
    private KeyLayout keys;
    private RedisEventLog log;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        this.testRedis = testRedis;
        keys = new KeyLayout(testRedis.prefix(), new PartitionScheme(4));
        log = RedisEventLog.connect(RedisConnector.of(testRedis.client()), keys, EventCodec.standard(), LIMIT);
        redis = testRedis.connect().sync();
    }

    private static EventEnvelope<WorkflowEvent> completed(String workflowId, String result) {
        return new EventEnvelope<>(workflowId + ":1", workflowId, 1, LogFixtures.NOW, "cmd", null, "test",
                new TaskCompleted(workflowId + "/0", 1, TextNode.valueOf(result), null, 12L, "svc", null));
    }

    private void appendBig(String workflowId) {
        Await.result(log.append(new AppendRequest(workflowId, AppendCondition.expectVersion(0),
                List.of(completed(workflowId, BIG)), List.of(), ReadyQueueChange.UNCHANGED)));
    }

    private List<Integer> entrySizes(String stream) {
        List<Integer> sizes = new ArrayList<>();
        for (StreamMessage<String, String> m : redis.xrange(stream, Range.create("-", "+"))) {
            sizes.add(m.getBody().values().stream().mapToInt(String::length).sum());
        }
        return sizes;
    }

    @Test
    void anAppendedLargeResultIsReadBackAsItsValueWhileTheEntriesStaySmall() {
        appendBig("wf-1");

        assertThat(entrySizes(keys.workflowStream("wf-1"))).singleElement().satisfies(size ->
                assertThat(size).isLessThan((int) LIMIT));
        assertThat(entrySizes(keys.events(keys.partitions().partitionOf("wf-1")))).singleElement()
                .satisfies(size -> assertThat(size).isLessThan((int) LIMIT));
        assertThat(Await.result(log.readWorkflow("wf-1", 0))).containsExactly(completed("wf-1", BIG));
        assertThat(Await.result(log.readPartition(keys.partitions().partitionOf("wf-1"), StreamPosition.FIRST, 10)))
                .singleElement().satisfies(c -> assertThat(c.events()).containsExactly(completed("wf-1", BIG)));
    }

    @Test
    void aSentCommandWithALargeResultIsSmallOnItsStreamAndResolvesAgain() {
        CommandEnvelope command = new CommandEnvelope("completed:wf-2/0:1", "wf-2", LogFixtures.NOW, "hub", null,
                new ReportTaskCompleted("wf-2/0", 1, TextNode.valueOf(BIG), null, null, "svc", null));

        Await.result(log.send(command));

        String stream = keys.commands(keys.partitions().partitionOf("wf-2"));
        assertThat(entrySizes(stream)).singleElement().satisfies(size -> assertThat(size).isLessThan((int) LIMIT));
        StreamMessage<String, String> entry = redis.xrange(stream, Range.create("-", "+")).get(0);
        CommandEnvelope read = log.decoder().feedEntry(StreamEntry.of(stream, entry)).command();
        assertThat(read).isNotEqualTo(command);
        assertThat(Await.result(log.payloads().resolve(read))).isEqualTo(command);
    }

    @Test
    void aTailResolvesTheCommitsItFollows() {
        try (PartitionTail tail = new PartitionTail(testRedis.client(), keys, log.decoder(), StreamPosition.FIRST)) {
            appendBig("wf-3");

            List<Commit> seen = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.isEmpty() && System.nanoTime() < until) {
                seen.addAll(tail.next(Duration.ofMillis(200), 10));
            }

            assertThat(seen).singleElement().satisfies(c -> assertThat(c.events())
                    .containsExactly(completed("wf-3", BIG)));
        }
    }
}
