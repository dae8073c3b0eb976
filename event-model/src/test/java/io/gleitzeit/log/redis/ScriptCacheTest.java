package io.gleitzeit.log.redis;

import static io.gleitzeit.log.redis.LogFixtures.NOW;
import static io.gleitzeit.log.redis.LogFixtures.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.command.FireTimer;
import io.gleitzeit.command.TimerKind;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.ReadyQueueChange;
import io.gleitzeit.log.TimerChange;
import io.gleitzeit.testing.redis.DedicatedRedis;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scripts survive a server that forgot them (SCRIPT FLUSH, restart, failover to an empty replica). */
@RedisTest
class ScriptCacheTest {
    private DedicatedRedis dedicated;
    private StatefulRedisConnection<String, String> connection;
    private RedisEventLog log;
    private RedisTimerStore timers;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        dedicated = testRedis.startDedicated();
        connection = dedicated.client().connect();
        KeyLayout keys = new KeyLayout("gz:", new PartitionScheme(1));
        log = new RedisEventLog(connection, keys, EventCodec.standard());
        timers = new RedisTimerStore(connection, keys);
    }

    @AfterEach
    void tearDown() {
        connection.close();
    }

    @Test
    void anAppendAfterScriptFlushReloadsTheScriptAndSucceeds() {
        Await.result(log.append(append("wf-a", 0, 1)));

        connection.sync().scriptFlush();

        assertThat(Await.result(log.append(append("wf-a", 1, 1))).version()).isEqualTo(2);
        assertThat(Await.result(log.readWorkflow("wf-a", 0))).hasSize(2);
    }

    @Test
    void timersFireAfterScriptFlush() {
        FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, "wf-a/0", 1);
        Await.result(log.append(append("wf-a", 0, 1, List.of(new TimerChange.Schedule("wf-a", timeout, NOW)),
                ReadyQueueChange.UNCHANGED)));
        Await.result(timers.fireDue(0, NOW.minusSeconds(1), 1));

        connection.sync().scriptFlush();

        assertThat(Await.result(timers.fireDue(0, NOW, 10))).isEqualTo(1);
    }

    @Test
    void anAppendAfterARestartReloadsTheScriptOnTheReconnectedConnection() {
        Await.result(log.append(append("wf-a", 0, 1)));

        dedicated.restart();

        // The restarted server is empty: the workflow is new again there.
        assertThat(Await.result(log.append(append("wf-a", 0, 1))).version()).isEqualTo(1);
    }
}
