package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.NOW;
import static io.gleitzeit.log.redis.LogFixtures.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.FeedEntry;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class RedisTimerStoreTest {
    private KeyLayout keys;
    private RedisEventLog log;
    private RedisTimerStore timers;
    private RedisCommands<String, String> redis;
    private TestRedis testRedis;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        this.testRedis = testRedis;
        keys = new KeyLayout(testRedis.prefix(), new PartitionScheme(1));
        var connection = testRedis.connect();
        log = new RedisEventLog(connection, keys, EventCodec.standard());
        timers = new RedisTimerStore(connection, keys);
        redis = connection.sync();
    }

    private void schedule(String workflowId, FireTimer timer, Instant dueAt) {
        Await.result(log.append(append(workflowId, 0, 1, List.of(new TimerChange.Schedule(workflowId, timer, dueAt)),
                ReadyQueueChange.UNCHANGED)));
    }

    private List<FeedEntry> commands() {
        return redis.xrange(keys.commands(0), Range.unbounded()).stream()
                .map(m -> log.decoder().feedEntry(StreamEntry.of(keys.commands(0), m)))
                .toList();
    }

    @Nested
    class FireDue {
        @Test
        void movesDueTimersToTheCommandStreamAsFireTimerCommands() {
            FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, "wf-a/0", 1);
            schedule("wf-a", timeout, NOW);

            int fired = Await.result(timers.fireDue(0, NOW, 10));

            assertThat(fired).isEqualTo(1);
            assertThat(commands()).singleElement().isInstanceOfSatisfying(FeedEntry.TimerFired.class, entry -> {
                assertThat(entry.timer()).isEqualTo(timeout);
                assertThat(entry.command().workflowId()).isEqualTo("wf-a");
                assertThat(entry.command().commandId()).isEqualTo(new TimerMember("wf-a", timeout).encode());
                assertThat(entry.command().issuer()).isEqualTo(EntryDecoder.TIMER_ISSUER);
                assertThat(entry.command().issuedAt()).isEqualTo(Instant.ofEpochMilli(entry.position().millis()));
            });
            assertThat(redis.zcard(keys.timers(0))).isZero();
        }

        @Test
        void leavesTimersThatAreNotDueYet() {
            schedule("wf-a", new FireTimer(TimerKind.WORKFLOW_TIMEOUT, null, 0), NOW.plusMillis(1));

            assertThat(Await.result(timers.fireDue(0, NOW, 10))).isZero();
            assertThat(commands()).isEmpty();
            assertThat(Await.result(timers.nextDue(0))).contains(NOW.plusMillis(1));
        }

        @Test
        void firesAtMostTheLimitEarliestFirst() {
            for (int i = 0; i < 5; i++) {
                schedule("wf-" + i, new FireTimer(TimerKind.RETRY_DUE, "wf-" + i + "/0", 2), NOW.minusSeconds(10 - i));
            }

            assertThat(Await.result(timers.fireDue(0, NOW, 3))).isEqualTo(3);

            assertThat(commands()).extracting(e -> e.command().workflowId()).containsExactly("wf-0", "wf-1", "wf-2");
            assertThat(Await.result(timers.fireDue(0, NOW, 3))).isEqualTo(2);
        }

        @Test
        void routesWorkflowIdsThatContainTheSeparator() {
            FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, "a|b|ü/0", 3);
            schedule("a|b|ü", timeout, NOW);

            Await.result(timers.fireDue(0, NOW, 10));

            assertThat(redis.xrange(keys.commands(0), Range.unbounded()))
                    .singleElement().satisfies(m -> assertThat(m.getBody()).containsEntry("wf", "a|b|ü"));
            assertThat(commands()).singleElement()
                    .satisfies(e -> assertThat(((FeedEntry.TimerFired) e).timer()).isEqualTo(timeout));
        }

        @Test
        void firesEachTimerExactlyOnceAcrossConcurrentPollers() throws Exception {
            int count = 300;
            for (int i = 0; i < count; i++) {
                schedule("wf-" + i, new FireTimer(TimerKind.TASK_TIMEOUT, "wf-" + i + "/0", 1), NOW.minusMillis(i));
            }
            int pollers = 6;
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> running = new ArrayList<>();
            for (int p = 0; p < pollers; p++) {
                // Each poller has a connection of its own, like separate replicas.
                RedisTimerStore poller = new RedisTimerStore(testRedis.connect(), keys);
                running.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    int total = 0;
                    for (int fired; (fired = Await.result(poller.fireDue(0, NOW, 7))) > 0; ) {
                        total += fired;
                    }
                    return total;
                }));
            }

            start.countDown();
            int fired = running.stream().mapToInt(CompletableFuture::join).sum();

            assertThat(fired).isEqualTo(count);
            assertThat(commands()).extracting(e -> e.command().commandId()).hasSize(count).doesNotHaveDuplicates();
            assertThat(redis.zcard(keys.timers(0))).isZero();
        }

        @Test
        void refusesALimitOutsideItsRange() {
            assertThatThrownBy(() -> timers.fireDue(0, NOW, 0)).hasMessageContaining("limit");
            assertThatThrownBy(() -> timers.fireDue(0, NOW, RedisTimerStore.MAX_LIMIT + 1))
                    .hasMessageContaining("limit");
        }
    }

    @Test
    void nextDueIsEmptyWithoutTimers() {
        assertThat(Await.result(timers.nextDue(0))).isEqualTo(Optional.empty());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
