package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.testing.redis.DedicatedRedis;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A consumer keeps working when its server forgets scripts and groups (restart without persistence, failover). */
@RedisTest
class ConsumerFaultTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private DedicatedRedis dedicated;
    private StatefulRedisConnection<String, String> connection;
    private RedisEventLog log;
    private KeyLayout keys;
    private StreamConsumer consumer;
    private RecordingHandler handler;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        dedicated = testRedis.startDedicated();
        connection = dedicated.client().connect();
        keys = new KeyLayout("gz:", new PartitionScheme(1));
        log = new RedisEventLog(connection, keys, EventCodec.standard());
        handler = new RecordingHandler(log.decoder());
        consumer = new StreamConsumer(dedicated.client(), log, ConsumerOptions.newBuilder()
                .group("decider").consumer("c1").streams(keys.commands(0)).maxDeliveries(2)
                .block(Duration.ofMillis(50)).retryDelay(Duration.ofMillis(50)).claimInterval(Duration.ofMillis(100))
                .build(), handler);
        Await.result(consumer.start());
    }

    @AfterEach
    void tearDown() {
        consumer.stop().toCompletableFuture().join();
        connection.close();
    }

    @Test
    void aRestartedEmptyServerGetsItsGroupBackAndEntriesFlowAgain() {
        Await.result(log.send(command("w1", "before")));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successes()).containsExactly("before"));

        dedicated.restart();
        await().atMost(PATIENCE).untilAsserted(() -> {
            Await.result(log.send(command("w1", "after-" + System.nanoTime())));
            assertThat(handler.successes()).hasSizeGreaterThan(1);
        });

        assertThat(handler.successes().get(1)).startsWith("after-");
    }

    @Test
    void parkingWorksAfterTheScriptCacheWasFlushed() {
        handler.failWhen("poison"::equals);
        connection.sync().scriptFlush();

        Await.result(log.send(command("w1", "poison")));

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(connection.sync().xlen(keys.deadLetters(keys.commands(0)))).isEqualTo(1));
    }
}
