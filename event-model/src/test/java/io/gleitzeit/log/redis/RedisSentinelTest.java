package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.append;
import static io.gleitzeit.log.redis.LogFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.gleitzeit.testing.redis.LocalRedisSentinel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log and a consumer group reached through Sentinel ({@code redis-sentinel://…#primary}): after a failover the
 * same connector finds the new primary and work continues.
 */
class RedisSentinelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private LocalRedisSentinel sentinel;
    private RedisConnector connector;
    private RedisLink link;
    private RedisEventLog log;
    private StreamConsumer consumer;

    @BeforeEach
    void start() {
        sentinel = LocalRedisSentinel.start();
        connector = RedisConnector.open(sentinel.uri());
        link = connector.connect();
        log = new RedisEventLog(link, new KeyLayout("gzs:", new PartitionScheme(4)), EventCodec.standard());
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.close();
        }
        link.close();
        connector.close();
        sentinel.close();
    }

    private List<String> load(int from, int to, RecordingHandler handler) {
        List<String> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String id = "wf-" + i;
            Await.result(log.append(append(id, 0, 1)));
            Await.result(log.send(command(id, id + "#0")));
            sent.add(id + "#0");
        }
        return sent;
    }

    @Test
    void theLogFollowsThePrimaryAcrossAFailover() {
        KeyLayout keys = log.keys();
        RecordingHandler handler = new RecordingHandler(log.decoder());
        consumer = new StreamConsumer(connector, log, ConsumerOptions.newBuilder().group("decider").consumer("c1")
                .streams(IntStream.range(0, 4).mapToObj(keys::commands).toList()).block(Duration.ofMillis(100))
                .retryDelay(Duration.ofMillis(50)).claimInterval(Duration.ofMillis(500)).build(), handler);
        Await.result(consumer.start());
        int primaryBefore = sentinel.primaryPort();

        List<String> before = load(0, 100, handler);
        // Replication is asynchronous: what the replica has not received when it is promoted is gone (that is
        // Redis's, not Gleitzeit's, loss window; docs/operations.md). Wait until it has everything.
        assertThat(link.sync().waitForReplication(1, 10_000)).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> new HashSet<>(handler.successes()).containsAll(before));
        int primaryAfter = sentinel.failover();
        List<String> after = load(100, 200, handler);

        assertThat(primaryAfter).isNotEqualTo(primaryBefore);
        await().atMost(PATIENCE).until(() -> new HashSet<>(handler.successes()).containsAll(after));
        for (int i = 0; i < 200; i++) {
            assertThat(Await.result(log.readWorkflow("wf-" + i, 0))).hasSize(1);
        }
    }
}
