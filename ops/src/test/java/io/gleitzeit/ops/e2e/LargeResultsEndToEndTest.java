package io.gleitzeit.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.client.GleitzeitClient;
import io.gleitzeit.client.TaskSnapshot;
import io.gleitzeit.client.WorkflowBuilder;
import io.gleitzeit.client.WorkflowSnapshot;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.payload.LargePayloads;
import io.gleitzeit.protocol.WorkflowCompletedNotice;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 2 MiB task result over real sockets and a real Redis: it flows into dependent tasks (as a whole argument and
 * inside a text) and back to the client, while every stream entry stays under the inline limit and the result is
 * stored once, by reference.
 */
@RedisTest
class LargeResultsEndToEndTest {
    private static final int SIZE = 2 * 1024 * 1024;

    private TestRedis redis;
    private Hub hub;
    private GleitzeitClient client;

    @BeforeEach
    void setUp(TestRedis redis) {
        this.redis = redis;
        hub = new Hub(redis);
        client = hub.client();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void aTwoMebibyteResultFlowsOnByReferenceAndStreamEntriesStaySmall() {
        String id = client.submit(WorkflowBuilder.named("large")
                .functionTask("Big", "repeat_text", t -> t.arg("ab").arg(SIZE / 2))
                .functionTask("Whole", "text_length", t -> t.arg("{{Big.result}}").dependsOn("Big"))
                .functionTask("Inside", "text_length", t -> t.arg("> {{Big.result}} <").dependsOn("Big"))
                .functionTask("Hash", "hash_text", t -> t.arg("{{Big.result}}").dependsOn("Big"))
                .build()).join();

        WorkflowCompletedNotice done = client.awaitResult(id).orTimeout(90, TimeUnit.SECONDS).join();

        String big = "ab".repeat(SIZE / 2);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.results().get("Big").asText()).isEqualTo(big);
        assertThat(done.results().get("Whole").asInt()).isEqualTo(SIZE);
        assertThat(done.results().get("Inside").asInt()).isEqualTo(SIZE + 4);
        WorkflowSnapshot status = client.status(id).join();
        TaskSnapshot bigTask = status.tasks().stream().filter(t -> t.name().equals("Big")).findFirst().orElseThrow();
        assertThat(bigTask.result().asText()).isEqualTo(big);

        RedisCommands<String, String> sync = redis.connect().sync();
        KeyLayout keys = new KeyLayout(redis.prefix(), new PartitionScheme(4));
        int partition = keys.partitions().partitionOf(id);
        List<String> streams = List.of(keys.workflowStream(id), keys.events(partition), keys.commands(partition));
        List<Integer> entrySizes = new ArrayList<>();
        for (String stream : streams) {
            for (StreamMessage<String, String> entry : sync.xrange(stream, Range.create("-", "+"))) {
                entrySizes.add(entry.getBody().values().stream()
                        .mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length).sum());
            }
        }
        System.out.printf("LargeResultsEndToEndTest: %d stream entries, the largest %d bytes%n", entrySizes.size(),
                entrySizes.stream().mapToInt(Integer::intValue).max().orElse(0));
        assertThat(entrySizes).isNotEmpty().allSatisfy(size ->
                assertThat(size).isLessThan((int) LargePayloads.DEFAULT_INLINE_LIMIT_BYTES));

        // Stored once: the result (also the whole argument of Whole and Hash, and in the workflow's results), and
        // the text Inside was given.
        Map<String, String> blobs = sync.hgetall(keys.blobs(id));
        assertThat(blobs).hasSize(2);
        assertThat(blobs.values()).contains(big, "> " + big + " <");
        // Hash saw the very text, and the blob is keyed by the text's SHA-256.
        assertThat(blobs).containsEntry(done.results().get("Hash").asText(), big);
    }
}
