package io.gleitzeit.orchestrator.testing;

import static org.awaitility.Awaitility.await;

import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.orchestrator.hub.monitor.MonitorHub;
import io.gleitzeit.orchestrator.hub.monitor.MonitorOptions;
import io.gleitzeit.orchestrator.hub.transport.Authenticator;
import io.gleitzeit.orchestrator.hub.transport.HubTransport;
import io.gleitzeit.orchestrator.hub.transport.HubTransportOptions;
import io.gleitzeit.projections.ProjectionRole;
import io.gleitzeit.projections.Projector;
import io.gleitzeit.projections.ProjectorOptions;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.testing.redis.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One replica's monitoring side over a real Redis: the monitoring projections, a hub transport on a free port
 * (authentication off) and a {@link MonitorHub} on it, plus an {@link EventScript} writing under the test's prefix.
 */
public final class MonitorCluster implements AutoCloseable {
    public final KeyLayout layout;
    public final RedisEventLog log;
    public final EventScript events;
    public final Projector projector;
    public final HubTransport hub;
    public final MonitorHub monitor;

    public MonitorCluster(TestRedis redis, Duration updateInterval) {
        this(redis, updateInterval, cluster -> { });
    }

    /** Like the other constructor; {@code beforeStart} sees the cluster before the monitor hub starts. */
    public MonitorCluster(TestRedis redis, Duration updateInterval, Consumer<MonitorCluster> beforeStart) {
        this(redis, updateInterval, UnaryOperator.identity(), beforeStart);
    }

    /** Like the other constructors, with the hub's transport options changed by {@code transport} (say, TLS). */
    public MonitorCluster(TestRedis redis, Duration updateInterval,
                          UnaryOperator<HubTransportOptions.Builder> transport, Consumer<MonitorCluster> beforeStart) {
        layout = new KeyLayout(redis.prefix(), new PartitionScheme(4));
        log = new RedisEventLog(redis.connect(), layout, EventCodec.standard());
        events = new EventScript(log, Clock.systemUTC());
        projector = new Projector(redis.client(), layout, log.decoder(), MonitoringModels.all(),
                ProjectorOptions.newBuilder().block(Duration.ofMillis(50)).flushInterval(Duration.ofMillis(10))
                        .build());
        projector.start();
        hub = HubTransport.create(transport.apply(HubTransportOptions.newBuilder().host("127.0.0.1").port(0))
                .build(), Authenticator.allowAll());
        monitor = MonitorHub.create(redis.client(), layout,
                MonitorOptions.newBuilder().updateInterval(updateInterval).tailBlock(Duration.ofMillis(100)).build());
        monitor.install(hub);
        beforeStart.accept(this);
        hub.start();
        monitor.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> projector.status().toCompletableFuture().join().stream()
                .allMatch(s -> s.role() == ProjectionRole.ACTIVE));
    }

    /** The hub's base URL, {@code http://127.0.0.1:<port>}. */
    public String hubUrl() {
        return "http://127.0.0.1:" + hub.port();
    }

    @Override
    public void close() {
        monitor.close();
        hub.stop(Duration.ofSeconds(5));
        projector.close();
    }
}
