package io.gleitzeit.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.projections.monitoring.ClientCounts;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.projections.monitoring.MonitoringSnapshot;
import io.gleitzeit.protocol.ClusterMetrics;
import io.gleitzeit.redis.connect.RedisConnector;
import io.gleitzeit.redis.connect.RedisLink;
import io.gleitzeit.testing.redis.LocalRedisCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The projector, its read models and a rebuild on a real Redis Cluster (three primaries, three replicas): the
 * models read every partition (one XREADGROUP per slot) and store in one slot of their own.
 */
class ProjectionsOnRedisClusterTest {
    private static final Instant NOW = Instant.parse("2030-01-01T01:00:00Z");

    private LocalRedisCluster cluster;
    private RedisConnector connector;
    private RedisLink link;
    private KeyLayout layout;
    private RedisEventLog log;
    private Projector projector;

    @BeforeEach
    void start() {
        cluster = LocalRedisCluster.start(3);
        connector = RedisConnector.open(cluster.uri());
        link = connector.connect();
        layout = new KeyLayout("gzc" + UUID.randomUUID().toString().substring(0, 8) + ":", new PartitionScheme(8));
        log = new RedisEventLog(link, layout, EventCodec.standard());
    }

    @AfterEach
    void stop() {
        if (projector != null) {
            projector.close();
        }
        link.close();
        connector.close();
        cluster.close();
    }

    private ProjectorOptions options() {
        return ProjectorOptions.newBuilder().owner("p1").block(Duration.ofMillis(50))
                .flushInterval(Duration.ofMillis(10)).leaseTtl(Duration.ofSeconds(2))
                .standbyPoll(Duration.ofMillis(50)).retryDelay(Duration.ofMillis(100)).build();
    }

    @Test
    void theMonitoringModelsFollowEveryPartitionAndRebuildToTheSameState() {
        projector = new Projector(connector, layout, log.decoder(), MonitoringModels.all(), options());
        projector.start();

        Scenario.play(new EventHistory(log));

        await().atMost(Duration.ofSeconds(60)).until(() -> projector.status().toCompletableFuture().join().stream()
                .allMatch(s -> s.role() == ProjectionRole.ACTIVE && s.lag() == 0 && s.pending() == 0
                        && s.streams().stream().allMatch(g -> g.lag().isPresent())));
        MonitoringSnapshot snapshots = new MonitoringSnapshot(link, layout, Clock.fixed(NOW, ZoneOffset.UTC));
        ClusterMetrics live = snapshots.take(new ClientCounts(3, 1)).toCompletableFuture().join();

        assertThat(live.clusterMetrics().externalServiceNodes()).isEqualTo(1);
        assertThat(live.clusterMetrics().activeWorkflows()).isEqualTo(1);
        assertThat(live.nodeMetrics()).hasSize(2);

        ProjectionRebuild rebuild = new ProjectionRebuild(connector, layout, log.decoder(), options());
        MonitoringModels.all().forEach(rebuild::rebuild);
        ClusterMetrics rebuilt = snapshots.take(new ClientCounts(3, 1)).toCompletableFuture().join();

        assertThat(rebuilt).isEqualTo(live);
    }
}
