package io.gleitzeit.projections;

import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real Redis, an event log under the test's prefix, fast projector options, and projectors stopped after. */
@RedisTest
abstract class ProjectionTestSupport {
    protected TestRedis redis;
    protected KeyLayout layout;
    protected RedisEventLog log;
    protected EventHistory history;
    protected StatefulRedisConnection<String, String> reads;
    protected ProjectorOptions options;
    private final List<Projector> projectors = new ArrayList<>();

    @BeforeEach
    void setUpLog(TestRedis testRedis) {
        redis = testRedis;
        layout = new KeyLayout(redis.prefix(), new PartitionScheme(4));
        log = new RedisEventLog(redis.connect(), layout, EventCodec.standard());
        history = new EventHistory(log);
        reads = redis.connect();
        options = ProjectorOptions.newBuilder()
                .block(Duration.ofMillis(50))
                .flushInterval(Duration.ofMillis(10))
                .leaseTtl(Duration.ofSeconds(2))
                .standbyPoll(Duration.ofMillis(50))
                .retryDelay(Duration.ofMillis(100))
                .build();
    }

    @AfterEach
    void stopProjectors() {
        projectors.forEach(Projector::close);
    }

    /** A started projector of the monitoring models. */
    protected Projector startProjector(String owner) {
        Projector projector = new Projector(redis.client(), layout, log.decoder(), MonitoringModels.all(),
                options.toBuilder().owner(owner).build());
        projectors.add(projector);
        projector.start();
        return projector;
    }

    /** Waits until every model's group has read and acknowledged everything. */
    protected static void awaitCaughtUp(Projector projector) {
        await().atMost(Duration.ofSeconds(20)).until(() -> projector.status().toCompletableFuture().join().stream()
                .allMatch(s -> s.role() == ProjectionRole.ACTIVE && s.lag() == 0 && s.pending() == 0
                        && s.streams().stream().allMatch(g -> g.lag().isPresent())));
    }

    /** Every key of the model's generation with its content (hashes as maps, sorted sets as member → score). */
    protected Map<String, Object> dump(ReadModel model, long generation) {
        ModelKeys keys = new ModelKeys(layout.prefix(), model.name());
        RedisCommands<String, String> sync = reads.sync();
        Map<String, Object> all = new TreeMap<>();
        for (String name : model.keyNames()) {
            String key = keys.key(generation, name);
            String type = sync.type(key);
            if ("hash".equals(type)) {
                all.put(name, new TreeMap<>(sync.hgetall(key)));
            } else if ("zset".equals(type)) {
                Map<String, Double> members = new TreeMap<>();
                sync.zrangeWithScores(key, 0, -1).forEach(sv -> members.put(sv.getValue(), sv.getScore()));
                all.put(name, members);
            } else {
                all.put(name, type);
            }
        }
        return all;
    }

    protected long currentGeneration(ReadModel model) {
        return Long.parseLong(reads.sync().get(new ModelKeys(layout.prefix(), model.name()).current()));
    }
}
