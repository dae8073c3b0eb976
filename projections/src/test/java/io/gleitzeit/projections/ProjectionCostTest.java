package io.gleitzeit.projections;

import static io.gleitzeit.projections.EventHistory.completed;
import static io.gleitzeit.projections.EventHistory.dispatched;
import static org.assertj.core.api.Assertions.assertThat;

import io.gleitzeit.event.TaskAccepted;
import io.gleitzeit.event.TaskReady;
import io.gleitzeit.event.WorkflowCompleted;
import io.gleitzeit.event.codec.EventCodec;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.gleitzeit.log.redis.RedisEventLog;
import io.gleitzeit.projections.monitoring.MonitoringModels;
import io.gleitzeit.state.testing.Workflows;
import io.gleitzeit.testing.redis.DedicatedRedis;
import io.gleitzeit.testing.redis.RedisTest;
import io.gleitzeit.testing.redis.TestRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What applying costs Redis, counted on a server of the test's own (INFO commandstats, script-internal calls
 * included): the projector writes per batch, not per event.
 */
@RedisTest
class ProjectionCostTest {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionCostTest.class);
    private static final Pattern LINE = Pattern.compile("^cmdstat_([a-z|_-]+):calls=(\\d+),", Pattern.MULTILINE);
    private static final int TASKS = 200;

    private static Map<String, Long> stats(RedisCommands<String, String> redis) {
        Map<String, Long> calls = new HashMap<>();
        Matcher m = LINE.matcher(redis.info("commandstats"));
        while (m.find()) {
            calls.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return calls;
    }

    @Test
    void aBackloggedWorkloadIsAppliedWithFewerScriptCallsThanCommits(TestRedis redis) {
        DedicatedRedis server = redis.startDedicated();
        KeyLayout layout = new KeyLayout("cost:", new PartitionScheme(4));
        try (StatefulRedisConnection<String, String> connection = server.client().connect()) {
            RedisEventLog log = new RedisEventLog(connection, layout, EventCodec.standard());
            EventHistory history = new EventHistory(log);
            history.register("svc", "function", 8, List.of("python_execution"));
            for (int i = 0; i < TASKS; i++) {
                String wf = "wf-" + i;
                history.submit(Workflows.workflow(wf).function("A", "f").build());
                history.commit(wf, new TaskReady(wf + "/0", 1));
                history.commit(wf, dispatched(wf + "/0", 1, "svc", null));
                history.commit(wf, new TaskAccepted(wf + "/0", 1, "svc"));
                history.commit(wf, completed(wf + "/0", 1, "svc", 5L), new WorkflowCompleted(1, Map.of()));
            }
            Map<String, Long> before = stats(connection.sync());

            Projector projector = new Projector(server.client(), layout, log.decoder(), MonitoringModels.all(),
                    ProjectorOptions.newBuilder().block(Duration.ofMillis(50)).flushInterval(Duration.ofMillis(10))
                            .leaseTtl(Duration.ofSeconds(2)).build());
            projector.start();
            ProjectionTestSupport.awaitCaughtUp(projector);
            projector.close();
            Map<String, Long> after = stats(connection.sync());

            Map<String, Long> delta = new HashMap<>();
            after.forEach((cmd, n) -> {
                long d = n - before.getOrDefault(cmd, 0L);
                if (d > 0) {
                    delta.put(cmd, d);
                }
            });
            long total = delta.values().stream().mapToLong(Long::longValue).sum();
            long polls = delta.getOrDefault("xreadgroup", 0L) + delta.getOrDefault("xinfo|groups", 0L)
                    + delta.getOrDefault("xpending", 0L) + delta.getOrDefault("xlen", 0L)
                    + delta.getOrDefault("get", 0L);
            LOG.info("{} tasks ({} commits) applied by 3 models: {} commands ({} per task; {} per task without "
                            + "polls and status queries): {}", TASKS, TASKS * 5, total, (double) total / TASKS,
                    (double) (total - polls) / TASKS, delta);

            assertThat(delta.getOrDefault("evalsha", 0L)).isLessThan(TASKS * 5L);
        }
    }
}
