package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.NOW;
import static io.gleitzeit.log.redis.LogFixtures.append;
import static io.gleitzeit.log.redis.LogFixtures.clusterEvent;
import static io.gleitzeit.log.redis.LogFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.Commit;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.StreamPosition;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.gleitzeit.testing.redis.LocalRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The log, consumer groups, scripts, timers, dead letters, retention and {@link PartitionTail} on a real Redis
 * Cluster of three primaries and three replicas: unchanged code, no CROSSSLOT, and a primary failover under load
 * loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int PARTITIONS = 8;

    private LocalRedisCluster cluster;
    private RedisConnector connector;
    private KeyLayout keys;
    private RedisLink link;
    private RedisEventLog log;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        cluster = LocalRedisCluster.start(3);
        connector = RedisConnector.open(cluster.uri());
    }

    @AfterAll
    void stopCluster() {
        if (connector != null) {
            connector.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void setUp() {
        keys = new KeyLayout("gzc" + UUID.randomUUID().toString().substring(0, 8) + ":",
                new PartitionScheme(PARTITIONS));
        link = connector.connect();
        log = new RedisEventLog(link, keys, EventCodec.standard());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
        link.close();
    }

    private static List<String> workflows(int count) {
        return IntStream.range(0, count).mapToObj(i -> "wf-" + i).toList();
    }

    @Test
    void partitionsSpreadOverEveryPrimary() {
        Set<Integer> primaries = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            primaries.add(cluster.primaryOf(keys.events(p)));
        }

        assertThat(primaries).containsExactlyInAnyOrderElementsOf(cluster.primaries()).hasSize(3);
        assertThat(connector.slotGroups(IntStream.range(0, PARTITIONS).mapToObj(keys::commands).toList()))
                .hasSize(PARTITIONS);
    }

    @Test
    void appendsReadsTimersAndTheTailWorkAcrossPartitions() {
        List<String> ids = workflows(40);
        for (String id : ids) {
            Await.result(log.append(append(id, 0, 2, List.of(new TimerChange.Schedule(id,
                    new FireTimer(TimerKind.TASK_TIMEOUT, id + "/0", 1), NOW.minusSeconds(1))),
                    ReadyQueueChange.WAITING)));
            Await.result(log.append(append(id, 2, 1)));
        }
        Await.result(log.appendClusterEvent(clusterEvent("c-1")));

        for (String id : ids) {
            assertThat(Await.result(log.readWorkflow(id, 0))).hasSize(3);
            assertThat(Await.result(log.readWorkflow(id, 2))).hasSize(1);
        }
        int commits = 0;
        int listed = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            commits += Await.result(log.readPartition(p, StreamPosition.FIRST, 1000)).size();
            listed += Await.result(log.listWorkflows(p, 0, 1000)).size();
        }
        assertThat(commits).isEqualTo(80);
        assertThat(listed).isEqualTo(40);
        assertThat(Await.result(log.readClusterEvents(StreamPosition.FIRST, 10))).hasSize(1);

        RedisTimerStore timers = new RedisTimerStore(link, keys);
        int fired = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            fired += Await.result(timers.fireDue(p, NOW, 100));
            assertThat(Await.result(timers.nextDue(p))).isEmpty();
        }
        assertThat(fired).isEqualTo(40);
        int commands = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            commands += link.sync().xlen(keys.commands(p)).intValue();
        }
        assertThat(commands).as("each fired timer is a command on its partition's stream").isEqualTo(40);

        try (PartitionTail tail = new PartitionTail(connector, keys, log.decoder(), StreamPosition.FIRST)) {
            List<Commit> seen = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                seen.addAll(tail.next(Duration.ofMillis(200), 100));
                return seen.size() == 80;
            });
            assertThat(seen).extracting(Commit::workflowId).containsOnlyElementsOf(ids);
        }
    }

    @Test
    void theTailSeesNewCommitsOfEveryPartitionAsTheyLand() {
        try (PartitionTail tail = new PartitionTail(connector, keys, log.decoder(), StreamPosition.LATEST)) {
            assertThat(tail.next(Duration.ofMillis(100), 10)).isEmpty();
            List<String> ids = workflows(24);
            ids.forEach(id -> Await.result(log.append(append(id, 0, 1))));

            Set<String> seen = new HashSet<>();
            await().atMost(PATIENCE).until(() -> {
                tail.next(Duration.ofMillis(200), 100).forEach(c -> seen.add(c.workflowId()));
                return seen.size() == ids.size();
            });
        }
    }

    @Test
    void theTailKeepsFollowingAcrossAFailoverOfAPrimaryItIsBlockedOn() throws Exception {
        try (PartitionTail tail = new PartitionTail(connector, keys, log.decoder(), StreamPosition.LATEST)) {
            int primary = cluster.primaryOf(keys.events(0));
            CompletableFuture<List<Commit>> blocked = CompletableFuture.supplyAsync(
                    () -> tail.next(Duration.ofSeconds(20), 100));
            Thread.sleep(500);

            cluster.failover(primary);

            assertThat(blocked.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
            List<String> ids = workflows(24);
            ids.forEach(id -> Await.result(log.append(append(id, 0, 1))));
            Set<String> seen = new HashSet<>();
            await().atMost(PATIENCE).until(() -> {
                tail.next(Duration.ofMillis(200), 100).forEach(c -> seen.add(c.workflowId()));
                return seen.size() == ids.size();
            });
        }
    }

    @Test
    void aConsumerGroupOverEveryPartitionParksPoisonAndRetentionTrims() {
        List<String> streams = IntStream.range(0, PARTITIONS).mapToObj(keys::commands).toList();
        RecordingHandler handler = new RecordingHandler(log.decoder()).failWhen(id -> id.startsWith("poison#"));
        StreamConsumer consumer = new StreamConsumer(connector, log, ConsumerOptions.newBuilder()
                .group("decider").consumer("c1").streams(streams).block(Duration.ofMillis(100))
                .retryDelay(Duration.ofMillis(50)).claimInterval(Duration.ofMillis(200)).maxDeliveries(3).build(),
                handler);
        running.add(consumer);
        Await.result(consumer.start());
        List<String> sent = new ArrayList<>();
        for (String id : workflows(40)) {
            for (int i = 0; i < 3; i++) {
                String commandId = id + "#" + i;
                Await.result(log.send(command(id, commandId)));
                sent.add(commandId);
            }
        }
        Await.result(log.send(command("poison", "poison#0")));

        await().atMost(PATIENCE).until(() -> handler.successes().containsAll(sent));
        String poisonStream = keys.commands(keys.partitions().partitionOf("poison"));
        DeadLetters deadLetters = new DeadLetters(link, keys);
        await().atMost(PATIENCE).until(() -> !Await.result(deadLetters.list(poisonStream, 10)).isEmpty());
        assertThat(handler.deliveriesOf("poison#0")).isEqualTo(3);

        StreamRetention retention = new StreamRetention(link);
        long removed = 0;
        for (String stream : streams) {
            removed += Await.result(retention.trim(stream)).removed();
        }
        assertThat(removed).isEqualTo(sent.size() + 1);
        assertThat(Await.result(consumer.groupStats())).allSatisfy(s -> assertThat(s.pending()).isZero());
    }

    @Test
    void aPrimaryFailoverDuringLoadLosesNoCommandAndNoCommit() throws Exception {
        List<String> streams = IntStream.range(0, PARTITIONS).mapToObj(keys::commands).toList();
        RecordingHandler handler = new RecordingHandler(log.decoder());
        StreamConsumer consumer = new StreamConsumer(connector, log, ConsumerOptions.newBuilder()
                .group("decider").consumer("c1").streams(streams).block(Duration.ofMillis(100))
                .retryDelay(Duration.ofMillis(50)).claimInterval(Duration.ofMillis(500)).build(), handler);
        running.add(consumer);
        Await.result(consumer.start());

        List<String> ids = workflows(300);
        AtomicBoolean failedOver = new AtomicBoolean();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            for (String id : ids) {
                Await.result(log.append(append(id, 0, 1)));
                Await.result(log.send(command(id, id + "#0")));
            }
        });
        await().atMost(PATIENCE).until(() -> handler.successes().size() >= 50);
        int primary = cluster.primaryOf(keys.commands(keys.partitions().partitionOf("wf-0")));
        int promoted = cluster.failover(primary);
        failedOver.set(true);
        load.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        assertThat(cluster.primaries()).contains(promoted).doesNotContain(primary);
        List<String> expected = ids.stream().map(id -> id + "#0").toList();
        await().atMost(PATIENCE).until(() -> new HashSet<>(handler.successes()).containsAll(expected));
        for (String id : ids) {
            assertThat(Await.result(log.readWorkflow(id, 0))).hasSize(1);
        }
        assertThat(failedOver).isTrue();
    }
}
