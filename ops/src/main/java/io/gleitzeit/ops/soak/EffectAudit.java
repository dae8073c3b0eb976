package io.gleitzeit.ops.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gleitzeit.log.PartitionScheme;
import io.gleitzeit.log.redis.KeyLayout;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every commit of the partitions' event streams and counts, per task, the {@code task.completed} events: the
 * effective completions. A task with more than one is a duplicate effect (a late result of an earlier attempt must
 * be recorded as {@code task.result_discarded} instead). Also counts discarded late results, which show that the
 * faults did exercise that path.
 */
final class EffectAudit {
    private static final int PAGE = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the streams hold about task outcomes. */
    record Result(long completions, long duplicateTasks, long discardedLateResults, long redispatchedAttempts) {
    }

    private EffectAudit() {
    }

    static Result read(RedisClusterCommands<String, String> redis, String prefix, int partitions) throws Exception {
        KeyLayout layout = new KeyLayout(prefix, new PartitionScheme(partitions));
        Map<String, Integer> completedPerTask = new HashMap<>();
        long discarded = 0;
        long redispatched = 0;
        for (int p = 0; p < partitions; p++) {
            String stream = layout.events(p);
            Range.Boundary<String> from = Range.Boundary.<String>unbounded();
            while (true) {
                List<StreamMessage<String, String>> page = redis.xrange(stream,
                        Range.from(from, Range.Boundary.<String>unbounded()), Limit.from(PAGE));
                for (StreamMessage<String, String> commit : page) {
                    for (JsonNode event : MAPPER.readTree(commit.getBody().get("e"))) {
                        String type = event.path("type").asText();
                        String task = event.path("workflow_id").asText() + "/" + event.path("task_id").asText();
                        switch (type) {
                            case "task.completed" -> completedPerTask.merge(task, 1, Integer::sum);
                            case "task.result_discarded" -> discarded++;
                            case "task.dispatched" -> {
                                if (event.path("attempt").asInt() > 1) {
                                    redispatched++;
                                }
                            }
                            default -> {
                                // other events do not bear on effects
                            }
                        }
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
            }
        }
        long completions = completedPerTask.values().stream().mapToLong(Integer::longValue).sum();
        long duplicates = completedPerTask.values().stream().filter(n -> n > 1).count();
        return new Result(completions, duplicates, discarded, redispatched);
    }
}
