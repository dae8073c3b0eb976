package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.append;
import static io.gleitzeit.log.redis.LogFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.gleitzeit.redis.local.AppendOnlyMode;
import io.gleitzeit.redis.local.LocalRedisOptions;
import io.gleitzeit.redis.local.LocalRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis killed (SIGKILL) under load and started again on its append-only file, with {@code appendfsync everysec} and
 * {@code always}: the log's connection and a consumer group reconnect by themselves and carry on, the scripts are
 * loaded again (NOSCRIPT answered with EVAL), and the test measures how many acknowledged commits the restart lost
 * (figures in docs/operations.md).
 */
class RedisRestartTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int WRITERS = 4;

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(value = AppendOnlyMode.class, names = {"EVERY_SECOND", "ALWAYS"})
    void aKilledRedisComesBackAndTheLogAndItsConsumersCarryOn(AppendOnlyMode mode) throws Exception {
        Path binary = LocalRedisServer.findBinary().orElse(null);
        Assumptions.assumeTrue(binary != null, "redis-server is not installed");
        LocalRedisServer server = LocalRedisServer.start(LocalRedisOptions.newBuilder().binary(binary)
                .dataDirectory(data).appendOnly(mode).logFile(data.resolve("redis.log")).build());
        KeyLayout keys = new KeyLayout("gzr:", new PartitionScheme(4));
        List<String> streams = IntStream.range(0, 4).mapToObj(keys::commands).toList();
        try (RedisConnector connector = RedisConnector.open(server.url()); RedisLink link = connector.connect()) {
            RedisEventLog log = new RedisEventLog(link, keys, EventCodec.standard());
            RecordingHandler handler = new RecordingHandler(log.decoder());
            try (StreamConsumer consumer = new StreamConsumer(connector, log, ConsumerOptions.newBuilder()
                    .group("decider").consumer("c1").streams(streams).block(Duration.ofMillis(100))
                    .retryDelay(Duration.ofMillis(100)).build(), handler)) {
                Await.result(consumer.start());

                // Load: writers append one commit and send one command per workflow, as fast as Redis answers.
                Set<String> acked = ConcurrentHashMap.newKeySet();
                AtomicBoolean writing = new AtomicBoolean(true);
                List<CompletableFuture<Void>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; writing.get(); i++) {
                            String id = "w" + writer + "-" + i;
                            try {
                                log.append(append(id, 0, 1)).toCompletableFuture().join();
                                log.send(command(id, id + "#0")).toCompletableFuture().join();
                                acked.add(id);
                            } catch (RuntimeException e) {
                                return; // Redis went away under this writer: the rest is not acknowledged
                            }
                        }
                    }));
                }
                await().atMost(PATIENCE).until(() -> acked.size() >= 1500);
                long killedAt = System.nanoTime();
                server.kill();
                writing.set(false);
                Set<String> ackedBeforeKill = new HashSet<>(acked);
                server.restart();
                long downMillis = (System.nanoTime() - killedAt) / 1_000_000;
                // A writer's command in flight at the kill is sent again after the restart (Lettuce re-sends):
                // acknowledged then, it is not counted among the acknowledged before the kill.
                CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();

                // What the restarted server still has of what was acknowledged before the kill.
                long survived = ackedBeforeKill.stream()
                        .filter(id -> !Await.result(log.readWorkflow(id, 0)).isEmpty()).count();
                long lost = ackedBeforeKill.size() - survived;
                System.out.printf("appendfsync %s: %d commits acknowledged before SIGKILL, %d survived, %d lost; "
                        + "Redis down %d ms%n", mode == AppendOnlyMode.ALWAYS ? "always" : "everysec",
                        ackedBeforeKill.size(), survived, lost, downMillis);

                // The log reconnected and its scripts are loaded again; the consumer carries on.
                List<String> later = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String id = "after-" + i;
                    Await.result(log.append(append(id, 0, 1)));
                    Await.result(log.send(command(id, id + "#0")));
                    later.add(id + "#0");
                }
                await().atMost(PATIENCE).until(() -> new HashSet<>(handler.successes()).containsAll(later));
                assertThat(link.sync().info("commandstats")).contains("cmdstat_eval:");
                if (mode == AppendOnlyMode.ALWAYS) {
                    assertThat(lost).as("appendfsync always loses no acknowledged commit").isZero();
                }
                // A process crash leaves written data in the page cache: even everysec keeps it (only a machine
                // crash loses its last second). Either way, nothing survives that was not written.
                assertThat(survived).isLessThanOrEqualTo(ackedBeforeKill.size());
            }
        } finally {
            server.close();
        }
    }
}
