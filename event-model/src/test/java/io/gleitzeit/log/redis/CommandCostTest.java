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
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the log's operations cost Redis, counted with INFO commandstats on a server nobody else uses (Lua-internal
 * calls included). Exact counts, not timings: the budget of a task's life is counted in commands.
 */
@RedisTest
class CommandCostTest {
    private StatefulRedisConnection<String, String> connection;
    private StatefulRedisConnection<String, String> adminConnection;
    private RedisCommands<String, String> admin;
    private RedisEventLog log;
    private RedisTimerStore timers;
    private KeyLayout keys;

    @BeforeEach
    void setUp(TestRedis testRedis) {
        DedicatedRedis dedicated = testRedis.startDedicated();
        connection = dedicated.client().connect();
        adminConnection = dedicated.client().connect();
        admin = adminConnection.sync();
        keys = new KeyLayout("gz:", new PartitionScheme(4));
        log = new RedisEventLog(connection, keys, EventCodec.standard());
        timers = new RedisTimerStore(connection, keys);
        // Warm up: the scripts are loaded (NOSCRIPT + SCRIPT LOAD) outside the measurements.
        Await.result(log.append(append("warm-up", 0, 1)));
        Await.result(timers.fireDue(0, NOW, 10));
    }

    @AfterEach
    void tearDown() {
        connection.close();
        adminConnection.close();
    }

    private Map<String, Long> costOf(Runnable operation) {
        Map<String, Long> before = CommandStats.snapshot(admin);
        operation.run();
        return CommandStats.delta(before, CommandStats.snapshot(admin));
    }

    @Test
    void anAppendToAnExistingWorkflowCostsOneEvalshaAndTwoXadds() {
        Await.result(log.append(append("wf-a", 0, 1)));

        Map<String, Long> cost = costOf(() -> Await.result(log.append(append("wf-a", 1, 3))));

        assertThat(cost).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "xadd", 2L));
    }

    @Test
    void theFirstAppendOfAWorkflowAddsOneZaddForTheWorkflowIndex() {
        Map<String, Long> cost = costOf(() -> Await.result(log.append(append("wf-a", 0, 2))));

        assertThat(cost).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "xadd", 2L, "zadd", 1L));
    }

    @Test
    void eachTimerAndQueueChangeAddsOneCommand() {
        Await.result(log.append(append("wf-a", 0, 1)));
        FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, "wf-a/0", 1);
        FireTimer retry = new FireTimer(TimerKind.RETRY_DUE, "wf-a/1", 1);

        Map<String, Long> cost = costOf(() -> Await.result(log.append(append("wf-a", 1, 1, List.of(
                new TimerChange.Schedule("wf-a", timeout, NOW.plusSeconds(30)),
                new TimerChange.Cancel("wf-a", retry)), ReadyQueueChange.WAITING))));

        assertThat(cost).containsExactlyInAnyOrderEntriesOf(
                Map.of("evalsha", 1L, "xadd", 2L, "zadd", 2L, "zrem", 1L));
    }

    @Test
    void firingTimersCostsARangeOneRemoveAndOneXaddPerTimer() {
        List<String> ofPartitionZero = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "wf-" + i)
                .filter(wf -> keys.partitions().partitionOf(wf) == 0).limit(3).toList();
        for (String wf : ofPartitionZero) {
            FireTimer timeout = new FireTimer(TimerKind.TASK_TIMEOUT, wf + "/0", 1);
            Await.result(log.append(append(wf, 0, 1, List.of(new TimerChange.Schedule(wf, timeout, NOW)),
                    ReadyQueueChange.UNCHANGED)));
        }

        Map<String, Long> cost = costOf(() -> Await.result(timers.fireDue(0, NOW, 100)));
        Map<String, Long> idle = costOf(() -> Await.result(timers.fireDue(0, NOW, 100)));

        assertThat(cost).containsExactlyInAnyOrderEntriesOf(
                Map.of("evalsha", 1L, "zrangebyscore", 1L, "zrem", 1L, "xadd", 3L));
        assertThat(idle).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "zrangebyscore", 1L));
    }

    @Test
    void sendingACommandIsOneXadd() {
        Map<String, Long> cost = costOf(() -> Await.result(log.send(LogFixtures.command("wf-a", "c-1"))));

        assertThat(cost).containsExactlyInAnyOrderEntriesOf(Map.of("xadd", 1L));
    }
}
