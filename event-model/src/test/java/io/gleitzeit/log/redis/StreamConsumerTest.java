package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.EventParked;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@RedisTest
class StreamConsumerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String GROUP = "decider";

    private TestRedis testRedis;
    private KeyLayout keys;
    private RedisEventLog log;
    private RedisCommands<String, String> redis;
    private final List<StreamConsumer> consumers = new ArrayList<>();
    private final java.util.Map<String, Integer> sentTo = new java.util.HashMap<>();

    @BeforeEach
    void setUp(TestRedis testRedis) {
        this.testRedis = testRedis;
        keys = new KeyLayout(testRedis.prefix(), new PartitionScheme(2));
        var connection = testRedis.connect();
        log = new RedisEventLog(connection, keys, EventCodec.standard());
        redis = connection.sync();
    }

    @AfterEach
    void stopConsumers() {
        consumers.forEach(c -> c.stop().toCompletableFuture().join());
    }

    private ConsumerOptions.Builder options(String consumer) {
        return ConsumerOptions.newBuilder().group(GROUP).consumer(consumer)
                .streams(keys.commands(0), keys.commands(1))
                .block(Duration.ofMillis(50)).retryDelay(Duration.ofMillis(50)).claimInterval(Duration.ofMillis(100));
    }

    private StreamConsumer start(ConsumerOptions options, EntryHandler handler) {
        StreamConsumer consumer = new StreamConsumer(testRedis.client(), log, options, handler);
        consumers.add(consumer);
        Await.result(consumer.start());
        return consumer;
    }

    private RecordingHandler recording() {
        return new RecordingHandler(log.decoder());
    }

    /** Sends {@code count} more commands to {@code workflowId}, with ids {@code <workflowId>#00, #01, …}. */
    private List<String> send(String workflowId, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = workflowId + "#" + String.format("%02d", sentTo.merge(workflowId, 1, Integer::sum) - 1);
            Await.result(log.send(command(workflowId, id)));
            ids.add(id);
        }
        return ids;
    }

    private String streamOf(String workflowId) {
        return keys.commands(keys.partitions().partitionOf(workflowId));
    }

    private long pending() {
        return redis.xpending(keys.commands(0), GROUP).getCount() + redis.xpending(keys.commands(1), GROUP).getCount();
    }

    @Nested
    class Start {
        @Test
        void createsTheGroupAndHandlesWhatTheStreamsAlreadyHold() {
            List<String> sent = send("w1", 3);
            RecordingHandler handler = recording();

            start(options("c1").build(), handler);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successes()).isEqualTo(sent));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(pending()).isZero());
        }

        @Test
        void aGroupStartingAtLatestSkipsTheBacklog() {
            send("w1", 2);
            RecordingHandler handler = recording();

            start(options("c1").startPosition(StreamPosition.LATEST).build(), handler);
            List<String> later = send("w2", 2);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successes()).isEqualTo(later));
        }

        @Test
        void startingAgainOnAnExistingGroupIsFine() {
            RecordingHandler handler = recording();
            StreamConsumer first = start(options("c1").build(), handler);
            first.stop().toCompletableFuture().join();

            start(options("c1").build(), handler);
            List<String> sent = send("w1", 1);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successes()).isEqualTo(sent));
        }

        @Test
        @SuppressWarnings("unchecked")
        void deliversItsOwnPendingEntriesAgainBeforeReadingNewOnes() {
            // A previous life of consumer c1 read two entries and died before acknowledging them.
            Await.result(new ConsumerGroups(testRedis.connect()).create(streamOf("w1"), GROUP, StreamPosition.FIRST));
            List<String> unacknowledged = send("w1", 2);
            redis.xreadgroup(Consumer.from(GROUP, "c1"), XReadArgs.StreamOffset.lastConsumed(streamOf("w1")));
            List<String> newer = send("w1", 2);
            RecordingHandler handler = recording();

            // The default claim-idle threshold (30 s) rules out XAUTOCLAIM: only the own-pending read can do it.
            start(options("c1").build(), handler);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successes()).hasSize(4));
            assertThat(handler.successes().subList(0, 2)).isEqualTo(unacknowledged);
            assertThat(handler.successes().subList(2, 4)).isEqualTo(newer);
            assertThat(pending()).isZero();
        }
    }

    @Nested
    class Order {
        @Test
        void entriesOfOneWorkflowAreHandledInStreamOrderWhileWorkflowsRunConcurrently() {
            List<String> workflows = IntStream.range(0, 12).mapToObj(i -> "w" + i).toList();
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                for (String wf : workflows) {
                    sends.add(log.send(command(wf, wf + "#" + String.format("%02d", n))).toCompletableFuture());
                }
            }
            sends.forEach(CompletableFuture::join);
            RecordingHandler handler = recording();

            start(options("c1").batchSize(64).build(), handler);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successes()).hasSize(240));
            for (String wf : workflows) {
                assertThat(handler.successesOf(wf + "#")).isSorted().hasSize(20);
            }
            assertThat(handler.mostInFlightOfOneWorkflow()).isEqualTo(1);
            assertThat(handler.mostInFlight()).isGreaterThan(1);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(pending()).isZero());
        }
    }

    @Nested
    class Failures {
        @Test
        void aFailedEntryIsDeliveredAgainAndItsWorkflowsLaterEntriesWaitBehindIt() {
            String bad = "w1#01";
            RecordingHandler handler = recording();
            handler.failWhen(id -> id.equals(bad) && handler.deliveriesOf(bad) <= 2);
            List<String> w1 = send("w1", 4);
            List<String> w2 = send("w2", 3);

            start(options("c1").build(), handler);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successes()).hasSize(7));
            assertThat(handler.successesOf("w1#")).isEqualTo(w1);
            assertThat(handler.successesOf("w2#")).isEqualTo(w2);
            assertThat(handler.deliveriesOf(bad)).isEqualTo(3);
            assertThat(handler.deliveries().stream().filter("w1#02"::equals).count())
                    .as("an entry behind a failure is not handled until the failure succeeds").isEqualTo(1);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(pending()).isZero());
        }

        @Test
        void aPoisonEntryIsParkedAfterMaxDeliveriesAndItsWorkflowsLaterEntriesAreHeld() {
            RecordingHandler handler = recording().failWhen("w1#01"::equals);
            List<String> w1 = send("w1", 3);
            List<String> w2 = send("w2", 2);

            StreamConsumer consumer = start(options("c1").maxDeliveries(3).build(), handler);

            String stream = streamOf("w1");
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(redis.hgetall(keys.parked(stream))).containsOnlyKeys(keys.parkedField(stream, GROUP, "w1")));
            List<String> w1Later = send("w1", 2);
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(redis.xlen(keys.held(stream, GROUP, "w1"))).isEqualTo(3));

            assertThat(handler.deliveriesOf("w1#01")).isEqualTo(3);
            assertThat(handler.successesOf("w1#")).containsExactly(w1.get(0));
            assertThat(handler.successesOf("w2#")).isEqualTo(w2);
            assertThat(redis.xrange(keys.held(stream, GROUP, "w1"), Range.unbounded()))
                    .extracting(m -> log.decoder().feedEntry(StreamEntry.of(stream, m)).command().commandId())
                    .containsExactly(w1.get(2), w1Later.get(0), w1Later.get(1));
            List<DeadLetter> letters = Await.result(new DeadLetters(testRedis.connect(), keys).list(stream, 10));
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.stream()).isEqualTo(stream);
                assertThat(letter.group()).isEqualTo(GROUP);
                assertThat(letter.consumer()).isEqualTo("c1");
                assertThat(letter.deliveries()).isEqualTo(3);
                assertThat(letter.reason()).contains("refusing w1#01");
                assertThat(letter.workflowId()).contains("w1");
                assertThat(log.decoder().feedEntry(new StreamEntry(stream, letter.entryId(), letter.fields()))
                        .command().commandId()).isEqualTo("w1#01");
            });
            var parkedEvents = Await.result(log.readClusterEvents(StreamPosition.FIRST, 10));
            assertThat(parkedEvents).singleElement().satisfies(e -> assertThat(e.value().payload())
                    .isEqualTo(new EventParked(stream, letters.get(0).entryId().redisId(), GROUP, "w1", 3,
                            letters.get(0).reason())));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(pending()).isZero());
            assertThat(consumer.options().maxDeliveries()).isEqualTo(3);
        }

        @Test
        void redriveReturnsTheParkedEntryAndTheHeldOnesInOrder() {
            RecordingHandler handler = recording().failWhen("w1#01"::equals);
            List<String> w1 = send("w1", 4);
            StreamConsumer consumer = start(options("c1").maxDeliveries(2).build(), handler);
            String stream = streamOf("w1");
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(redis.xlen(keys.held(stream, GROUP, "w1"))).isEqualTo(2));

            handler.failWhen(id -> false);
            int redriven = Await.result(consumer.redrive(keys.partitions().partitionOf("w1"), "w1"));

            assertThat(redriven).isEqualTo(3);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(handler.successesOf("w1#")).isEqualTo(w1));
            assertThat(redis.exists(keys.held(stream, GROUP, "w1"), keys.parked(stream))).isZero();
            assertThat(redis.xlen(keys.deadLetters(stream))).isZero();
            List<String> after = send("w1", 2);
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(handler.successesOf("w1#")).endsWith(after.toArray(String[]::new)));
        }
    }

    @Nested
    class EntriesWithoutWorkflow {
        @Test
        void areHandledInStreamOrderAndAPoisonOneIsParkedWithoutHoldingTheRest() {
            List<String> handled = new ArrayList<>();
            List<String> sent = List.of("c1", "c2", "c3", "c4");
            for (String id : sent) {
                Await.result(log.appendClusterEvent(LogFixtures.clusterEvent(id)));
            }
            ConsumerOptions options = options("c1").streams(keys.clusterEvents()).maxDeliveries(2).build();

            start(options, entry -> {
                String id = log.decoder().clusterEvent(entry).value().eventId();
                if (id.equals("c2")) {
                    return CompletableFuture.failedFuture(new IllegalStateException("poison"));
                }
                synchronized (handled) {
                    handled.add(id);
                }
                return CompletableFuture.completedFuture(null);
            });

            // The consumer reads the stream its own EventParked announcement goes to, so it sees that too.
            await().atMost(PATIENCE).untilAsserted(() -> {
                synchronized (handled) {
                    assertThat(handled).hasSize(4).startsWith("c1", "c3", "c4");
                    assertThat(handled.get(3)).startsWith("parked:" + keys.clusterEvents());
                }
            });
            assertThat(redis.xlen(keys.deadLetters(keys.clusterEvents()))).isEqualTo(1);
            assertThat(redis.exists(keys.parked(keys.clusterEvents()))).isZero();
        }
    }

    @Nested
    class DeadConsumers {
        @Test
        void entriesOfAConsumerThatDiedAreClaimedAndHandledByAnother() {
            List<String> sent = new ArrayList<>(send("w1", 3));
            sent.addAll(send("w2", 3));
            RecordingHandler survivorHandler = recording();
            List<StreamEntry> seenByTheDead = new ArrayList<>();
            StreamConsumer dying = start(options("dying").build(), entry -> {
                synchronized (seenByTheDead) {
                    seenByTheDead.add(entry);
                }
                return new CompletableFuture<>();
            });
            await().atMost(PATIENCE).untilAsserted(() -> {
                synchronized (seenByTheDead) {
                    assertThat(seenByTheDead).hasSize(2);
                }
            });
            long heldByTheDead = pending();

            dying.abort().toCompletableFuture().join();
            start(options("survivor").claimIdle(Duration.ofMillis(300)).build(), survivorHandler);

            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(survivorHandler.successes()).containsExactlyInAnyOrderElementsOf(sent));
            assertThat(heldByTheDead).as("the dead consumer held every entry it read, unacknowledged").isEqualTo(6);
            for (String wf : List.of("w1", "w2")) {
                assertThat(survivorHandler.successesOf(wf + "#")).isSorted();
            }
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(pending()).isZero());
        }

        @Test
        @SuppressWarnings("unchecked")
        void anEntryADeadConsumerFailedOnTooOftenIsParkedWithoutAnotherDelivery() {
            String stream = streamOf("w1");
            Await.result(new ConsumerGroups(testRedis.connect()).create(stream, GROUP, StreamPosition.FIRST));
            send("w1", 1);
            Consumer<String> ghost = Consumer.from(GROUP, "ghost");
            redis.xreadgroup(ghost, XReadArgs.StreamOffset.lastConsumed(stream));
            redis.xreadgroup(ghost, XReadArgs.StreamOffset.from(stream, "0"));
            redis.xreadgroup(ghost, XReadArgs.StreamOffset.from(stream, "0"));
            RecordingHandler handler = recording();

            start(options("survivor").maxDeliveries(3).claimIdle(Duration.ofMillis(1)).build(), handler);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(redis.xlen(keys.deadLetters(stream))).isEqualTo(1));
            assertThat(handler.deliveries()).isEmpty();
            List<StreamMessage<String, String>> letters = redis.xrange(keys.deadLetters(stream), Range.unbounded());
            assertThat(letters.get(0).getBody()).containsEntry("deliveries", "3").containsEntry("consumer", "survivor")
                    .hasEntrySatisfying("reason", r -> assertThat(r).contains("3 deliveries"));
        }
    }

    @Nested
    class Stop {
        @Test
        void stoppingFinishesTheBatchInHandAndAcknowledgesIt() {
            CompletableFuture<Void> release = new CompletableFuture<>();
            List<String> handled = new ArrayList<>();
            List<String> sent = send("w1", 3);
            StreamConsumer consumer = start(options("c1").build(), entry -> {
                synchronized (handled) {
                    handled.add(log.decoder().feedEntry(entry).command().commandId());
                }
                return release;
            });
            await().atMost(PATIENCE).untilAsserted(() -> {
                synchronized (handled) {
                    assertThat(handled).hasSize(1);
                }
            });

            CompletableFuture<Void> stopped = consumer.stop().toCompletableFuture();
            boolean stoppedBeforeRelease = stopped.isDone();
            release.complete(null);
            stopped.join();

            assertThat(stoppedBeforeRelease).isFalse();
            assertThat(handled).isEqualTo(sent);
            assertThat(pending()).isZero();
        }
    }

    @Nested
    class Stats {
        @Test
        void showLengthLagAndPendingPerStream() {
            CompletableFuture<Void> never = new CompletableFuture<>();
            send("w1", 2);
            StreamConsumer consumer = start(options("c1").build(), entry -> never);
            String stream = streamOf("w1");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(Await.result(consumer.groupStats()))
                    .filteredOn(s -> s.stream().equals(stream)).singleElement().satisfies(s -> {
                        assertThat(s.length()).isEqualTo(2);
                        assertThat(s.pending()).isEqualTo(2);
                        assertThat(s.lag()).hasValue(0);
                        assertThat(s.group()).isEqualTo(GROUP);
                    }));
            consumer.abort().toCompletableFuture().join();
        }
    }
}
